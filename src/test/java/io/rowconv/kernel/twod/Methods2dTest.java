package io.rowconv.kernel.twod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rowconv.kernel.Method;
import io.rowconv.kernel.Mode;
import io.rowconv.kernel.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every method, mode, boundary and operation against the literal scipy loop, within each method's contract. */
class Methods2dTest {

  /** rows, cols, kRows, kCols: odd and even kernels, kernels larger than the image in one or both axes, 1xN, Nx1. */
  private static final int[][] SHAPES = {
    {1, 1, 1, 1}, {5, 7, 1, 1}, {1, 9, 1, 3}, {9, 1, 4, 1}, {1, 30, 1, 7}, {30, 1, 6, 1},
    {6, 6, 3, 3}, {8, 11, 2, 2}, {13, 17, 4, 5}, {10, 9, 5, 4}, {32, 40, 7, 7}, {23, 61, 6, 9},
    {3, 4, 6, 5}, {2, 3, 7, 9}, {5, 20, 8, 3}, {20, 5, 3, 8}, {7, 7, 7, 7}, {4, 50, 9, 2},
    {64, 64, 15, 15}, {50, 70, 16, 10}, {40, 37, 33, 31}, {17, 70, 12, 2}, {3, 3, 11, 4}
  };

  static Stream<Arguments> cases() {
    List<Arguments> args = new ArrayList<>();
    for (Method method : List.of(Method.DIRECT, Method.TOEPLITZ, Method.FFT, Method.AUTO)) {
      for (int[] s : SHAPES) {
        for (Mode mode : Reference2d.MODES) {
          for (Boundary boundary : Boundary.values()) {
            // fill 0 and a non-zero fill take different FFT layouts (image at the origin, or E)
            for (double fill : boundary == Boundary.FILL ? new double[] {0.0, 2.5} : new double[] {0.0}) {
              args.add(Arguments.of(method, mode, boundary, fill, s[0], s[1], s[2], s[3]));
            }
          }
        }
      }
    }
    return args.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2} fill={3} image {4}x{5} kernel {6}x{7}")
  @MethodSource("cases")
  void apply_everyOperation_meetsItsMethodsContract(Method method, Mode mode, Boundary boundary, double fill,
      int rows, int cols, int kRows, int kCols) {
    SplittableRandom random = new SplittableRandom(1_000_003L * rows + 10_007L * cols + 101L * kRows + kCols);
    double[][] x = gaussian(random, rows, cols);
    double[][] h = gaussian(random, kRows, kCols);
    boolean validRefused = mode == Mode.VALID
        && !(rows >= kRows && cols >= kCols) && !(kRows >= rows && kCols >= cols);
    for (Operation op : Operation.values()) {
      String what = method + " " + op + " " + mode + " " + boundary + " fill=" + fill + " image " + rows + "x" + cols
          + " kernel " + kRows + "x" + kCols;
      if (validRefused) {
        assertThatThrownBy(() -> Convolution2d.apply(op, x, h, mode, boundary, fill, method))
            .as(what).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("mode valid needs one operand at least as large as the other in every dimension");
        continue;
      }
      double[][] expected = Reference2d.compute(op, x, h, mode, boundary, fill);
      double[][] actual = Convolution2d.apply(op, x, h, mode, boundary, fill, method);
      double[][] exact = Reference2d.exactBound(op, x, h, mode, boundary, fill);
      if (method == Method.FFT) {
        Reference2d.assertWithin(what, expected, actual,
            Reference2d.constantBound(expected, Reference2d.fftScale(x, h, mode, boundary, fill)));
      } else if (method == Method.AUTO) {
        // whichever method auto took, the looser of the two contracts holds
        double[][] fft = Reference2d.constantBound(expected, Reference2d.fftScale(x, h, mode, boundary, fill));
        for (int i = 0; i < fft.length; i++) {
          for (int j = 0; j < fft[i].length; j++) {
            fft[i][j] = Math.max(fft[i][j], exact[i][j]);
          }
        }
        Reference2d.assertWithin(what, expected, actual, fft);
      } else {
        Reference2d.assertWithin(what, expected, actual, exact);
      }
    }
  }

  /** The SIMD loop's paths: kernel widths around the vector length and every output-width remainder. */
  @ParameterizedTest(name = "kernel 3x{0}")
  @MethodSource("kernelWidths")
  void direct_everyKernelWidthAndRowRemainder_meetsItsContract(int kCols) {
    SplittableRandom random = new SplittableRandom(kCols);
    for (int cols = 1; cols <= 60; cols += 1) {
      double[][] x = gaussian(random, 5, cols + kCols);
      double[][] h = gaussian(random, 3, kCols);
      for (Mode mode : List.of(Mode.SAME, Mode.VALID)) {
        String what = "DIRECT " + mode + " image 5x" + (cols + kCols) + " kernel 3x" + kCols;
        double[][] actual = Convolution2d.convolve(x, h, mode, Boundary.WRAP, 0.0, Method.DIRECT);
        Reference2d.assertWithin(what, Reference2d.compute(Operation.CONVOLVE, x, h, mode, Boundary.WRAP, 0.0),
            actual, Reference2d.exactBound(Operation.CONVOLVE, x, h, mode, Boundary.WRAP, 0.0));
      }
    }
  }

  static Stream<Integer> kernelWidths() {
    return Stream.of(1, 2, 3, 7, 8, 9, 15, 16, 17, 23, 24, 25, 33);
  }

  /** One convolver across growing and shrinking shapes: buffers reused, no stale values. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("methods")
  void convolver_reusedAcrossShapes_staysCorrect(Method method) {
    ImageConvolver convolver = new ImageConvolver();
    SplittableRandom random = new SplittableRandom(11);
    int[][] shapes = {{40, 40, 9, 9}, {5, 6, 3, 2}, {70, 33, 5, 12}, {8, 8, 8, 8}, {40, 40, 9, 9}};
    for (int[] s : shapes) {
      for (Boundary boundary : Boundary.values()) {
        double[][] x = gaussian(random, s[0], s[1]);
        double[][] h = gaussian(random, s[2], s[3]);
        Mode mode = Mode.SAME;
        double[] out = new double[s[0] * s[1]];
        convolver.apply(Operation.CORRELATE, mode, boundary, -1.0, method, flat(x), 0, s[0], s[1], flat(h), 0, s[2],
            s[3], out, 0);
        double[][] expected = Reference2d.compute(Operation.CORRELATE, x, h, mode, boundary, -1.0);
        double[][] bound = method == Method.FFT
            ? Reference2d.constantBound(expected, Reference2d.fftScale(x, h, mode, boundary, -1.0))
            : Reference2d.exactBound(Operation.CORRELATE, x, h, mode, boundary, -1.0);
        Reference2d.assertWithin(method + " " + boundary + " " + s[0] + "x" + s[1], expected,
            new Convolution2d.Result(out, s[0], s[1]).toArray(), bound);
        assertThat(convolver.lastMethod()).isEqualTo(method);
      }
    }
  }

  static Stream<Method> methods() {
    return Stream.of(Method.DIRECT, Method.TOEPLITZ, Method.FFT);
  }

  static double[][] gaussian(SplittableRandom random, int rows, int cols) {
    double[][] a = new double[rows][cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        // Box-Muller from two uniforms: normal values with both signs and a spread of magnitudes
        a[i][j] = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
      }
    }
    return a;
  }

  static double[] flat(double[][] a) {
    double[] f = new double[a.length * a[0].length];
    for (int i = 0; i < a.length; i++) {
      System.arraycopy(a[i], 0, f, i * a[0].length, a[0].length);
    }
    return f;
  }
}
