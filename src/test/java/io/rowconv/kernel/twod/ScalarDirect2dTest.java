package io.rowconv.kernel.twod;

import static org.assertj.core.api.Assertions.assertThat;

import io.rowconv.kernel.Mode;
import io.rowconv.kernel.Operation;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The direct loop without the Vector API (what a JVM without {@code --add-modules jdk.incubator.vector} runs):
 * for convolution it sums in scipy's order, so it equals the literal scipy loop bit for bit, NaN/Inf included.
 */
class ScalarDirect2dTest {

  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> args = Stream.builder();
    int[][] shapes = {{1, 1, 1, 1}, {7, 9, 3, 3}, {12, 5, 4, 6}, {3, 4, 7, 5}, {40, 33, 8, 9}, {2, 30, 1, 4}};
    for (int[] s : shapes) {
      for (Mode mode : Reference2d.MODES) {
        for (Boundary boundary : Boundary.values()) {
          args.add(Arguments.of(mode, boundary, s[0], s[1], s[2], s[3]));
        }
      }
    }
    return args.build();
  }

  @ParameterizedTest(name = "{0} {1} image {2}x{3} kernel {4}x{5}")
  @MethodSource("cases")
  void scalar_convolve_equalsScipysLoopBitForBit(Mode mode, Boundary boundary, int rows, int cols, int kRows,
      int kCols) {
    if (mode == Mode.VALID && !(rows >= kRows && cols >= kCols) && !(kRows >= rows && kCols >= cols)) {
      return;
    }
    SplittableRandom random = new SplittableRandom(rows * 131L + kCols);
    double[][] x = Methods2dTest.gaussian(random, rows, cols);
    double[][] h = Methods2dTest.gaussian(random, kRows, kCols);
    x[rows / 2][0] = Double.NaN;
    h[0][kCols - 1] = Double.POSITIVE_INFINITY;
    double fill = 0.5;
    Geometry2d geo = new Geometry2d();
    geo.set(Operation.CONVOLVE, mode, boundary, fill, Methods2dTest.flat(x), 0, rows, cols, Methods2dTest.flat(h), 0,
        kRows, kCols);
    double[] out = new double[geo.outRows * geo.outCols];
    new Direct2d().convolve(geo, false, out, 0);
    double[][] expected = Reference2d.compute(Operation.CONVOLVE, x, h, mode, boundary, fill);
    double[][] actual = new Convolution2d.Result(out, geo.outRows, geo.outCols).toArray();
    assertThat(actual.length).isEqualTo(expected.length);
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[i].length; j++) {
        // Double.compare: every NaN equal, -0.0 distinct from +0.0 (scipy's sums start from +0.0, as ours do)
        assertThat(Double.compare(actual[i][j], expected[i][j]))
            .as("scalar %s %s output [%d][%d]: %s, scipy's loop %s", mode, boundary, i, j, actual[i][j], expected[i][j])
            .isZero();
      }
    }
  }
}
