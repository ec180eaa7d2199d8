package io.rowconv.kernel.twod;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Both transform backends (native FFTW and the JTransforms fallback, whichever this JVM's {@link Fft2d} uses)
 * compute the circular convolution of their two slots, against a plain circular loop; odd, even and non-square
 * sizes.
 */
class FftBackends2dTest {

  static Stream<Arguments> cases() {
    BiFunction<Integer, Integer, RealFft2d> fftw = FftwFft2d::new;
    BiFunction<Integer, Integer, RealFft2d> jtransforms = JTransformsFft2d::new;
    Stream.Builder<Arguments> args = Stream.builder();
    int[][] sizes = {{8, 8}, {6, 10}, {9, 5}, {30, 16}, {15, 27}};
    for (int[] s : sizes) {
      args.add(Arguments.of("fftw", fftw, s[0], s[1]));
      args.add(Arguments.of("jtransforms", jtransforms, s[0], s[1]));
    }
    return args.build();
  }

  @ParameterizedTest(name = "{0} {2}x{3}")
  @MethodSource("cases")
  void convolveSlots_randomPlanes_isTheCircularConvolution(String name, BiFunction<Integer, Integer, RealFft2d> make,
      int rows, int cols) {
    if (name.equals("fftw")) {
      Assumptions.assumeTrue(FftwFft2d.loadError() == null, "FFTW does not load here: " + FftwFft2d.loadError());
    }
    SplittableRandom random = new SplittableRandom(rows * 31L + cols);
    double[][] a = Methods2dTest.gaussian(random, rows, cols);
    double[][] b = Methods2dTest.gaussian(random, rows, cols);
    RealFft2d fft = make.apply(rows, cols);
    for (int i = 0; i < rows; i++) {
      fft.setRow(i, b[i], 0, cols);
    }
    fft.forward(0);
    for (int i = 0; i < rows; i++) {
      // a row shorter than the plane is zero-padded: check that too on half the rows
      fft.setRow(i, a[i], 0, i % 2 == 0 ? cols : cols - 1);
      if (i % 2 == 1) {
        a[i][cols - 1] = 0.0;
      }
    }
    fft.forward(1);
    fft.convolveSlots();
    double scale = 0;
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        scale = Math.max(scale, Math.abs(a[i][j]) * rows * cols * 4);
      }
    }
    double[] row = new double[cols];
    for (int m = 0; m < rows; m++) {
      fft.getRow(m, 0, row, 0, cols);
      for (int n = 0; n < cols; n++) {
        double expected = 0;
        for (int i = 0; i < rows; i++) {
          for (int j = 0; j < cols; j++) {
            expected += a[i][j] * b[Math.floorMod(m - i, rows)][Math.floorMod(n - j, cols)];
          }
        }
        assertThat(Math.abs(row[n] - expected)).as("%s [%d][%d]: %s vs %s", name, m, n, row[n], expected)
            .isLessThanOrEqualTo(1e-13 * scale);
      }
    }
  }
}
