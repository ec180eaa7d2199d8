package io.rowconv.kernel.twod;

import static org.assertj.core.api.Assertions.assertThat;

import io.rowconv.kernel.Method;
import io.rowconv.kernel.Mode;
import io.rowconv.kernel.Operation;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The reusable convolver: operands packed at offsets in larger arrays, and what auto picks. */
class ImageConvolverTest {

  static Stream<Method> methods() {
    return Stream.of(Method.values());
  }

  /**
   * Operands between NaN guards, as images sit in a partition's buffers: a read outside the operands would turn
   * outputs NaN, a write outside the output range would overwrite a guard.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("methods")
  void apply_packedBetweenGuards_readsAndWritesOnlyItsRanges(Method method) {
    ImageConvolver convolver = new ImageConvolver();
    SplittableRandom random = new SplittableRandom(3);
    int[][] shapes = {{9, 13, 3, 3}, {40, 30, 7, 8}, {5, 4, 9, 9}, {33, 47, 16, 5}};
    for (int[] s : shapes) {
      for (Mode mode : Reference2d.MODES) {
        for (Boundary boundary : Boundary.values()) {
          if (mode == Mode.VALID && s[0] < s[2] && s[1] >= s[3]) {
            continue;
          }
          double[][] x = Methods2dTest.gaussian(random, s[0], s[1]);
          double[][] h = Methods2dTest.gaussian(random, s[2], s[3]);
          int outRows = ImageConvolver.outputRows(mode, s[0], s[2]);
          int outCols = ImageConvolver.outputCols(mode, s[1], s[3]);
          double[] packedX = guarded(Methods2dTest.flat(x), 5);
          double[] packedH = guarded(Methods2dTest.flat(h), 3);
          double[] packedOut = guarded(new double[outRows * outCols], 7);
          int written = convolver.apply(Operation.CONVOLVE, mode, boundary, 0.5, method, packedX, 5, s[0], s[1],
              packedH, 3, s[2], s[3], packedOut, 7);
          String what = method + " " + mode + " " + boundary + " " + Arrays.toString(s);
          assertThat(written).as(what).isEqualTo(outRows * outCols);
          double[] values = Arrays.copyOfRange(packedOut, 7, 7 + written);
          double[][] expected = Reference2d.compute(Operation.CONVOLVE, x, h, mode, boundary, 0.5);
          double[][] bound = Reference2d.exactBound(Operation.CONVOLVE, x, h, mode, boundary, 0.5);
          double fft = Reference2d.fftScale(x, h, mode, boundary, 0.5);
          for (double[] row : bound) {
            for (int j = 0; j < row.length; j++) {
              row[j] = Math.max(row[j], method == Method.FFT || method == Method.AUTO ? fft : 0);
            }
          }
          Reference2d.assertWithin(what, expected, new Convolution2d.Result(values, outRows, outCols).toArray(), bound);
          assertThat(Arrays.copyOfRange(packedOut, 0, 7)).as(what + " guard before").containsOnly(Double.NaN);
          assertThat(Arrays.copyOfRange(packedOut, 7 + written, packedOut.length)).as(what + " guard after")
              .containsOnly(Double.NaN);
        }
      }
    }
  }

  @Test
  void auto_picksDirectForSmallKernelsAndFftForLargeOnes() {
    ImageConvolver convolver = new ImageConvolver();
    double[] x = new double[256 * 256];
    double[] out = new double[256 * 256];
    Arrays.fill(x, 1.0);
    convolver.apply(Operation.CONVOLVE, Mode.SAME, Boundary.FILL, 0, Method.AUTO, x, 0, 256, 256, new double[9], 0,
        3, 3, out, 0);
    assertThat(convolver.lastMethod()).isEqualTo(Method.DIRECT);
    convolver.apply(Operation.CONVOLVE, Mode.SAME, Boundary.FILL, 0, Method.AUTO, x, 0, 256, 256,
        new double[63 * 63], 0, 63, 63, out, 0);
    assertThat(convolver.lastMethod()).isEqualTo(Method.FFT);
    assertThat(convolver.imagesComputedWith(Method.DIRECT)).isEqualTo(1);
    assertThat(convolver.imagesComputedWith(Method.FFT)).isEqualTo(1);
  }

  private static double[] guarded(double[] values, int offset) {
    double[] packed = new double[values.length + 2 * offset];
    Arrays.fill(packed, Double.NaN);
    System.arraycopy(values, 0, packed, offset, values.length);
    return packed;
  }
}
