package io.rowconv.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Both real-FFT backends give the same spectra (interleaved layout) and invert exactly enough. */
class FftBackendsTest {

  @Test
  void fftw_loadsOnThisPlatformAndIsTheDefault() {
    assertThat(FftwFft.loadError()).isNull();
    assertThat(FftConvolution.BACKEND).isEqualTo("fftw");
    assertThat(FftConvolution.description()).startsWith("FFTW 3");
  }

  @ParameterizedTest(name = "N={0}")
  @ValueSource(ints = {2, 8, 64, 1024, 8192})
  void fftwAndJTransforms_agreeOnSpectrumAndRoundTrip(int size) {
    SplittableRandom random = new SplittableRandom(size);
    double[] x = new double[size];
    for (int i = 0; i < size; i++) {
      x[i] = random.nextDouble() * 2 - 1;
    }
    RealFft fftw = new FftwFft(size);
    RealFft jt = new JTransformsFft(size);
    double[] a = new double[size + 2];
    double[] b = new double[size + 2];
    fftw.forward(x.clone(), a);
    jt.forward(x.clone(), b);
    // a naive DFT bin as an independent anchor
    double re = 0;
    double im = 0;
    int bin = size / 4;
    for (int t = 0; t < size; t++) {
      re += x[t] * Math.cos(-2 * Math.PI * bin * t / size);
      im += x[t] * Math.sin(-2 * Math.PI * bin * t / size);
    }
    assertThat(a[2 * bin]).isCloseTo(re, org.assertj.core.data.Offset.offset(1e-9 * size));
    assertThat(a[2 * bin + 1]).isCloseTo(im, org.assertj.core.data.Offset.offset(1e-9 * size));
    for (int i = 0; i < size + 2; i++) {
      assertThat(a[i]).as("bin value %d", i).isCloseTo(b[i], org.assertj.core.data.Offset.offset(1e-10 * size));
    }
    double[] back = new double[size];
    fftw.inverse(a, back);
    double[] backJt = new double[size];
    jt.inverse(b, backJt);
    for (int i = 0; i < size; i++) {
      assertThat(back[i]).isCloseTo(x[i], org.assertj.core.data.Offset.offset(1e-13));
      assertThat(backJt[i]).isCloseTo(x[i], org.assertj.core.data.Offset.offset(1e-13));
    }
    // without the 1/N: N times the input
    fftw.forward(x.clone(), a);
    jt.forward(x.clone(), b);
    fftw.inverseUnscaled(a, back);
    jt.inverseUnscaled(b, backJt);
    for (int i = 0; i < size; i++) {
      assertThat(back[i]).isCloseTo(size * x[i], org.assertj.core.data.Offset.offset(1e-13 * size));
      assertThat(backJt[i]).isCloseTo(size * x[i], org.assertj.core.data.Offset.offset(1e-13 * size));
    }
  }
}
