package io.rowconv.kernel;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * {@link RealFft} on JTransforms (pure Java, split radix), single-threaded. Its packed layout
 * {@code [Re0, Re(N/2), Re1, Im1, ...]} differs from the interleaved one only in slots 1 and N, N + 1.
 */
final class JTransformsFft implements RealFft {

  static {
    // One thread per transform: parallelism comes from Spark's tasks.
    pl.edu.icm.jlargearrays.ConcurrencyUtils.setNumberOfThreads(1);
  }

  private final int size;
  private final DoubleFFT_1D fft;

  JTransformsFft(int size) {
    this.size = size;
    this.fft = new DoubleFFT_1D(size);
  }

  @Override
  public void forward(double[] real, double[] spectrum) {
    System.arraycopy(real, 0, spectrum, 0, size);
    fft.realForward(spectrum);
    spectrum[size] = spectrum[1];
    spectrum[size + 1] = 0;
    spectrum[1] = 0;
  }

  @Override
  public void inverseUnscaled(double[] spectrum, double[] real) {
    spectrum[1] = spectrum[size];
    // JTransforms' unscaled real inverse is N/2 times the input (its convention), ours N times
    fft.realInverse(spectrum, false);
    for (int i = 0; i < size; i++) {
      real[i] = 2 * spectrum[i];
    }
  }

  @Override
  public void inverse(double[] spectrum, double[] real) {
    spectrum[1] = spectrum[size];
    fft.realInverse(spectrum, true);
    System.arraycopy(spectrum, 0, real, 0, size);
  }
}
