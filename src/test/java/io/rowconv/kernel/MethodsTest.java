package io.rowconv.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every method against the plain reference, each within its own accuracy contract. */
class MethodsTest {

  static Stream<Arguments> shapes() {
    int[][] shapes = {
      {1, 1}, {2, 3}, {5, 1}, {9, 4}, {16, 16}, {17, 300}, {64, 63}, {100, 7}, {257, 129}, {1000, 31},
      {1000, 500}, {4096, 1024}, {5000, 4097}, {3000, 3}, {70000, 700}
    };
    List<Arguments> args = new ArrayList<>();
    for (Method method : List.of(Method.DIRECT, Method.TOEPLITZ, Method.FFT, Method.AUTO)) {
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
  void apply_method_meetsItsContract(Method method, Mode mode, int n, int k) {
    SplittableRandom random = new SplittableRandom(97L * n + k);
    double[] x = ConvolutionTest.gaussian(random, n);
    double[] h = ConvolutionTest.gaussian(random, k);
    for (Operation op : Operation.values()) {
      double[] actual = Convolution.apply(op, x, h, mode, method);
      String what = method + " " + op + " " + mode + " n=" + n + " k=" + k;
      Reference.assertWithinMethodContract(what, method, op, mode, x, h, actual);
    }
  }

  /**
   * The SIMD direct loop takes taps two at a time (j and j + V) and the rest one at a time: every tap count
   * up to three pairs of vectors' worth, on a row long enough for several whole steps plus edges and a
   * remainder of outputs, so every split of the taps into pairs and singles is checked.
   */
  @Test
  void direct_everyTapCountUpToFiftyOne_meetsItsContract() {
    SplittableRandom random = new SplittableRandom(7);
    double[] x = ConvolutionTest.gaussian(random, 331);
    RowConvolver convolver = Convolution.newConvolver();
    for (int k = 1; k <= 51; k++) {
      double[] h = ConvolutionTest.gaussian(random, k);
      for (Mode mode : Mode.values()) {
        for (Operation op : Operation.values()) {
          String what = "DIRECT " + op + " " + mode + " k=" + k;
          double[] actual = Convolution.apply(op, x, h, mode, Method.DIRECT);
          Reference.assertWithinMethodContract(what, Method.DIRECT, op, mode, x, h, actual);
          // the same row packed between NaN guards, as rows sit in a partition's buffers: a read outside the
          // operands would turn outputs NaN, a write outside the output range would overwrite a guard
          double[] packedX = guarded(x, 5);
          double[] packedH = guarded(h, 3);
          double[] packedOut = guarded(new double[actual.length], 7);
          convolver.apply(op, mode, Method.DIRECT, packedX, 5, x.length, packedH, 3, k, packedOut, 7);
          assertThat(Arrays.copyOfRange(packedOut, 7, 7 + actual.length)).as(what + " packed").containsExactly(actual);
          assertThat(Arrays.copyOfRange(packedOut, 0, 7)).as(what + " guard before").containsOnly(Double.NaN);
          assertThat(Arrays.copyOfRange(packedOut, 7 + actual.length, packedOut.length)).as(what + " guard after")
              .containsOnly(Double.NaN);
        }
      }
    }
  }

  /** {@code values} at {@code offset} in an array with {@code offset} NaNs on each side. */
  private static double[] guarded(double[] values, int offset) {
    double[] packed = new double[values.length + 2 * offset];
    Arrays.fill(packed, Double.NaN);
    System.arraycopy(values, 0, packed, offset, values.length);
    return packed;
  }

  @Test
  void fft_rowWithNaN_isComputedDirectlyWithScipysPattern() {
    double[] x = new double[5000];
    x[100] = Double.NaN;
    x[4000] = 1.0;
    double[] h = new double[600];
    java.util.Arrays.fill(h, 0.5);
    RowConvolver convolver = Convolution.newConvolver();
    double[] y = new double[x.length + h.length - 1];
    convolver.apply(Operation.CONVOLVE, Mode.FULL, Method.FFT, x, 0, x.length, h, 0, h.length, y, 0);
    for (int i = 0; i < y.length; i++) {
      assertThat(Double.isNaN(y[i])).as("sample %d", i).isEqualTo(i >= 100 && i < 700);
    }
    assertThat(y[4100]).isEqualTo(0.5);
    assertThat(convolver.rowsComputedWith(Method.DIRECT)).isEqualTo(1);
    assertThat(convolver.rowsComputedWith(Method.FFT)).isZero();
  }

  @Test
  void auto_picksDirectForTinyTapsAndFftForLongOnes() {
    RowConvolver convolver = Convolution.newConvolver();
    double[] out = new double[80000];
    convolver.apply(Operation.CONVOLVE, Mode.SAME, new double[4096], 0, 4096, new double[1], 0, 1, out, 0);
    convolver.apply(Operation.CONVOLVE, Mode.SAME, new double[65536], 0, 65536, new double[4096], 0, 4096, out, 0);
    assertThat(convolver.rowsComputedWith(Method.DIRECT)).isEqualTo(1);
    assertThat(convolver.rowsComputedWith(Method.FFT)).isEqualTo(1);
  }

  @Test
  void method_parse_unknownNameListsChoices() {
    assertThat(Method.parse("FFT")).isEqualTo(Method.FFT);
    assertThatThrownBy(() -> Method.parse("winograd"))
        .hasMessage("Unknown method 'winograd': expected one of auto, direct, toeplitz, fft");
  }

  @Test
  void auto_takesFftOnlyWhereItPaysForItsAccuracy() {
    RowConvolver convolver = Convolution.newConvolver();
    SplittableRandom random = new SplittableRandom(5);
    int[][] shapes = {{3000, 77}, {588, 111}, {4096, 1024}, {65536, 4096}};
    Method[] picked = new Method[shapes.length];
    for (int s = 0; s < shapes.length; s++) {
      double[] x = ConvolutionTest.gaussian(random, shapes[s][0]);
      double[] h = ConvolutionTest.gaussian(random, shapes[s][1]);
      double[] y = new double[x.length + h.length - 1];
      convolver.apply(Operation.CONVOLVE, Mode.FULL, Method.AUTO, x, 0, x.length, h, 0, h.length, y, 0);
      picked[s] = convolver.lastMethod();
    }
    // moderate taps stay exact per sample; long taps go FFT (several times faster there)
    assertThat(picked[0]).isNotEqualTo(Method.FFT);
    assertThat(picked[1]).isNotEqualTo(Method.FFT);
    assertThat(picked[2]).isEqualTo(Method.FFT);
    assertThat(picked[3]).isEqualTo(Method.FFT);
  }

  static Stream<Arguments> nonFiniteRows() {
    List<Arguments> args = new ArrayList<>();
    int[][] shapes = {{300, 3}, {300, 8}, {300, 40}, {3, 300}, {40, 300}, {64, 64}};
    String[] placements = {"signal-edges", "signal-middle", "taps-edges", "taps-middle"};
    for (int[] s : shapes) {
      for (String placement : placements) {
        for (Method method : List.of(Method.DIRECT, Method.AUTO)) {
          args.add(Arguments.of(method, placement, s[0], s[1]));
        }
      }
    }
    return args.stream();
  }

  /**
   * The direct path reads the zero padding around the signal; NaN or Inf in the long operand must reach
   * exactly the outputs scipy's direct method gives them, and Inf taps must not turn the padding into NaN.
   */
  @ParameterizedTest(name = "{0} {1} n={2} k={3}")
  @MethodSource("nonFiniteRows")
  void direct_nonFiniteValues_matchScipysPattern(Method method, String placement, int n, int k) {
    SplittableRandom random = new SplittableRandom(31L * n + k);
    double[] x = ConvolutionTest.gaussian(random, n);
    double[] h = ConvolutionTest.gaussian(random, k);
    double[] target = placement.startsWith("signal") ? x : h;
    if (placement.endsWith("edges")) {
      target[0] = Double.POSITIVE_INFINITY;
      target[target.length - 1] = Double.NaN;
    } else {
      target[target.length / 2] = Double.NEGATIVE_INFINITY;
    }
    for (Operation op : Operation.values()) {
      for (Mode mode : Mode.values()) {
        double[] actual = Convolution.apply(op, x, h, mode, method);
        String what = method + " " + op + " " + mode + " " + placement + " n=" + n + " k=" + k;
        Reference.assertWithinContract(what, Reference.compute(op, x, h, mode), actual,
            Reference.magnitude(op, x, h, mode), Reference.EPS);
      }
    }
  }

  @Test
  void oneTapOrOneSample_withNaNAndInf_matchesScipysDirectPatternUnderEveryMethod() {
    double[] x = {1.0, Double.NaN, -2.0, Double.POSITIVE_INFINITY, 0.0, 3.5};
    double[][] taps = {{0.5}, {0.0}, {Double.NEGATIVE_INFINITY}};
    for (double[] h : taps) {
      for (Mode mode : Mode.values()) {
        for (Method method : Method.values()) {
          RowConvolver convolver = Convolution.newConvolver();
          double[] expected = Reference.compute(Operation.CONVOLVE, x, h, mode);
          double[] forward = new double[mode.outputLength(x.length, 1)];
          convolver.apply(Operation.CONVOLVE, mode, method, x, 0, x.length, h, 0, 1, forward, 0);
          // and with the operands swapped (n = 1, k = 6): same values for full, scipy's slices otherwise
          double[] expectedSwapped = Reference.compute(Operation.CONVOLVE, h, x, mode);
          double[] swapped = new double[mode.outputLength(1, x.length)];
          convolver.apply(Operation.CONVOLVE, mode, method, h, 0, 1, x, 0, x.length, swapped, 0);
          String what = method + " " + mode + " h=" + h[0];
          assertThat(forward).as(what).containsExactly(expected);
          assertThat(swapped).as(what + " swapped").containsExactly(expectedSwapped);
          assertThat(convolver.rowsComputedWith(Method.DIRECT)).as(what).isEqualTo(2);
        }
      }
    }
  }
}
