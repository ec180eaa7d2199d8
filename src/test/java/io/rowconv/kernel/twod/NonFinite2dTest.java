package io.rowconv.kernel.twod;

import static org.assertj.core.api.Assertions.assertThat;

import io.rowconv.kernel.Method;
import io.rowconv.kernel.Mode;
import io.rowconv.kernel.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NaN and +-Inf reach exactly the outputs they reach in scipy's direct loop, whatever method is asked for:
 * in the image, in the kernel (Inf times a fill 0 is NaN, as in scipy), and as the fill value itself.
 */
class NonFinite2dTest {

  static Stream<Arguments> cases() {
    List<Arguments> args = new ArrayList<>();
    int[][] shapes = {{30, 40, 3, 3}, {20, 25, 8, 6}, {4, 5, 9, 7}, {64, 64, 15, 15}};
    String[] placements = {"image-corners", "image-middle", "kernel-corner", "kernel-middle", "fill-nan", "fill-inf"};
    for (int[] s : shapes) {
      for (String placement : placements) {
        for (Method method : Method.values()) {
          args.add(Arguments.of(method, placement, s[0], s[1], s[2], s[3]));
        }
      }
    }
    return args.stream();
  }

  @ParameterizedTest(name = "{0} {1} image {2}x{3} kernel {4}x{5}")
  @MethodSource("cases")
  void apply_nonFiniteValues_matchScipysPattern(Method method, String placement, int rows, int cols, int kRows,
      int kCols) {
    SplittableRandom random = new SplittableRandom(31L * rows + kCols);
    double[][] x = Methods2dTest.gaussian(random, rows, cols);
    double[][] h = Methods2dTest.gaussian(random, kRows, kCols);
    double fill = 0.0;
    switch (placement) {
      case "image-corners" -> {
        x[0][0] = Double.POSITIVE_INFINITY;
        x[rows - 1][cols - 1] = Double.NaN;
      }
      case "image-middle" -> x[rows / 2][cols / 2] = Double.NEGATIVE_INFINITY;
      case "kernel-corner" -> h[kRows - 1][0] = Double.POSITIVE_INFINITY;
      case "kernel-middle" -> h[kRows / 2][kCols / 2] = Double.NaN;
      case "fill-nan" -> fill = Double.NaN;
      default -> fill = Double.NEGATIVE_INFINITY;
    }
    for (Operation op : Operation.values()) {
      for (Mode mode : Reference2d.MODES) {
        for (Boundary boundary : Boundary.values()) {
          if (mode == Mode.VALID && !(rows >= kRows && cols >= kCols) && !(kRows >= rows && kCols >= cols)) {
            continue;
          }
          String what = method + " " + op + " " + mode + " " + boundary + " " + placement;
          double[][] expected = Reference2d.compute(op, x, h, mode, boundary, fill);
          double[][] actual = Convolution2d.apply(op, x, h, mode, boundary, fill, method);
          Reference2d.assertWithin(what, expected, actual, Reference2d.exactBound(op, x, h, mode, boundary, fill));
        }
      }
    }
  }

  @Test
  void fft_imageWithNaN_isComputedDirectly() {
    ImageConvolver convolver = new ImageConvolver();
    double[] x = new double[64 * 64];
    x[5] = Double.NaN;
    double[] h = new double[31 * 31];
    double[] out = new double[64 * 64];
    convolver.apply(Operation.CONVOLVE, Mode.SAME, Boundary.FILL, 0, Method.FFT, x, 0, 64, 64, h, 0, 31, 31, out, 0);
    assertThat(convolver.lastMethod()).isEqualTo(Method.DIRECT);
    assertThat(convolver.imagesComputedWith(Method.FFT)).isZero();
    // a finite image with a NaN fill in mode valid never reads the fill: FFT stays
    x[5] = 0;
    double[] valid = new double[34 * 34];
    convolver.apply(Operation.CONVOLVE, Mode.VALID, Boundary.FILL, Double.NaN, Method.FFT, x, 0, 64, 64, h, 0, 31, 31,
        valid, 0);
    assertThat(convolver.lastMethod()).isEqualTo(Method.FFT);
  }
}
