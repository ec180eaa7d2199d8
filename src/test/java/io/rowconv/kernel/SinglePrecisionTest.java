package io.rowconv.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The float32 path against the exact result on the same float inputs, within its own bound. */
class SinglePrecisionTest {

  static Stream<Arguments> shapes() {
    int[][] shapes = {
      {1, 1}, {2, 3}, {5, 1}, {9, 4}, {16, 16}, {17, 300}, {64, 63}, {100, 7}, {257, 129}, {1000, 31},
      {1000, 500}, {4096, 1024}, {3000, 3}, {20000, 700}
    };
    List<Arguments> args = new ArrayList<>();
    for (Method method : Method.values()) {
      for (int[] s : shapes) {
        for (Mode mode : Mode.values()) {
          args.add(Arguments.of(method, mode, s[0], s[1]));
        }
      }
    }
    return args.stream();
  }

  @ParameterizedTest(name = "{0} {1} n={2} k={3}")
  @MethodSource("shapes")
  void apply_float32_meetsSinglePrecisionBound(Method method, Mode mode, int n, int k) {
    SplittableRandom random = new SplittableRandom(13L * n + k);
    float[] x = gaussian(random, n);
    float[] h = gaussian(random, k);
    SinglePrecisionConvolver convolver = new SinglePrecisionConvolver();
    for (Operation op : Operation.values()) {
      float[] actual = new float[mode.outputLength(n, k)];
      convolver.apply(op, mode, method, x, 0, n, h, 0, k, actual, 0);
      assertWithinBound(method + " " + op + " " + mode + " n=" + n + " k=" + k, convolver.lastMethod(), op, mode,
          x, h, actual);
    }
  }

  /** The float loop pairs taps V floats apart: every split into pairs and singles up to k = 3 * 16 + 3. */
  @Test
  void direct_float32EveryTapCountUpToFiftyOne_meetsSinglePrecisionBound() {
    SplittableRandom random = new SplittableRandom(5);
    float[] x = gaussian(random, 331);
    SinglePrecisionConvolver convolver = new SinglePrecisionConvolver();
    for (int k = 1; k <= 51; k++) {
      float[] h = gaussian(random, k);
      for (Mode mode : Mode.values()) {
        for (Operation op : Operation.values()) {
          float[] actual = new float[mode.outputLength(x.length, k)];
          convolver.apply(op, mode, Method.DIRECT, x, 0, x.length, h, 0, k, actual, 0);
          assertWithinBound("DIRECT " + op + " " + mode + " k=" + k, Method.DIRECT, op, mode, x, h, actual);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0} {1} n={2} k={3}")
  @MethodSource("io.rowconv.kernel.MethodsTest#nonFiniteRows")
  void apply_float32NonFinite_matchesScipysDirectPattern(Method method, String placement, int n, int k) {
    SplittableRandom random = new SplittableRandom(31L * n + k);
    float[] x = gaussian(random, n);
    float[] h = gaussian(random, k);
    float[] target = placement.startsWith("signal") ? x : h;
    if (placement.endsWith("edges")) {
      target[0] = Float.POSITIVE_INFINITY;
      target[target.length - 1] = Float.NaN;
    } else {
      target[target.length / 2] = Float.NEGATIVE_INFINITY;
    }
    for (Operation op : Operation.values()) {
      for (Mode mode : Mode.values()) {
        float[] actual = Convolution.apply(op, x, h, mode, method);
        assertWithinBound(method + " " + op + " " + mode + " " + placement, Method.DIRECT, op, mode, x, h, actual);
      }
    }
  }

  @Test
  void convolve_float32_documentedExample() {
    float[] y = Convolution.convolve(new float[] {0, 0, 1, 0, 0, 2, 0, 0, 0}, new float[] {0, 1, 2, 0},
        Mode.SAME);
    assertThat(y).containsExactly(0, 0, 1, 2, 0, 2, 4, 0, 0);
  }

  @Test
  void apply_float32EmptyTaps_isRefused() {
    assertThatThrownBy(() -> Convolution.correlate(new float[] {1}, new float[0], Mode.FULL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("signal and taps must not be empty (scipy raises too), got lengths 1 and 0");
  }

  /** The single-precision contract of the method that computed the row (see SinglePrecisionConvolver). */
  private static void assertWithinBound(String what, Method used, Operation op, Mode mode, float[] xf, float[] hf,
      float[] actual) {
    double[] x = widen(xf);
    double[] h = widen(hf);
    double[] expected = Reference.compute(op, x, h, mode);
    double[] magnitude = Reference.magnitude(op, x, h, mode);
    double[] bound = new double[expected.length];
    double fftScale =
        FftConvolution.ERROR_BOUND * Reference.sumOf(Reference.abs(h)) * Reference.maxOf(Reference.abs(x));
    for (int i = 0; i < bound.length; i++) {
      bound[i] = used == Method.FFT
          ? SinglePrecisionConvolver.UNIT_ROUNDOFF * Math.abs(expected[i]) + fftScale
          : SinglePrecisionConvolver.errorBound(x.length, h.length) * magnitude[i];
    }
    Reference.assertWithinContract(what + " (" + used + ")", expected, widen(actual), bound, 1.0);
  }

  static float[] gaussian(SplittableRandom random, int n) {
    float[] a = new float[n];
    double[] g = ConvolutionTest.gaussian(random, n);
    for (int i = 0; i < n; i++) {
      a[i] = (float) g[i];
    }
    return a;
  }

  private static double[] widen(float[] a) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i];
    }
    return d;
  }
}
