package io.rowconv.kernel.twod;

import static org.assertj.core.api.Assertions.assertThat;

import io.rowconv.kernel.Method;
import io.rowconv.kernel.Mode;
import io.rowconv.kernel.Operation;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The FFT method's overlap-save tiles (chosen for large images): every mode, boundary and operation. */
class FftTiles2dTest {

  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> args = Stream.builder();
    int[][] shapes = {{300, 280, 9, 7}, {257, 301, 16, 31}, {400, 90, 12, 5}};
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
  void fft_tiledLayout_meetsItsContract(Mode mode, Boundary boundary, int rows, int cols, int kRows, int kCols) {
    SplittableRandom random = new SplittableRandom(rows * 7L + kCols);
    double[][] x = Methods2dTest.gaussian(random, rows, cols);
    double[][] h = Methods2dTest.gaussian(random, kRows, kCols);
    double fill = boundary == Boundary.FILL ? 0.75 : 0.0;
    for (Operation op : Operation.values()) {
      Geometry2d geo = new Geometry2d();
      geo.set(op, mode, boundary, fill, Methods2dTest.flat(x), 0, rows, cols, Methods2dTest.flat(h), 0, kRows, kCols);
      FftLayout2d layout = new FftLayout2d();
      layout.choose(geo);
      String what = "FFT " + op + " " + mode + " " + boundary + " image " + rows + "x" + cols;
      assertThat(layout.tiled).as(what + " is tiled").isTrue();
      double[][] expected = Reference2d.compute(op, x, h, mode, boundary, fill);
      double[][] actual = Convolution2d.apply(op, x, h, mode, boundary, fill, Method.FFT);
      Reference2d.assertWithin(what, expected, actual,
          Reference2d.constantBound(expected, Reference2d.fftScale(x, h, mode, boundary, fill)));
    }
  }
}
