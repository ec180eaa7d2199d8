package io.rowconv.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConvolutionTest {

  private static final double[] CLASSIC_X = {0, 0, 1, 0, 0, 2, 0, 0, 0};
  private static final double[] CLASSIC_H = {0, 1, 2, 0};

  @Test
  void convolve_classicExample_matchesScipyExactly() {
    assertThat(Convolution.convolve(CLASSIC_X, CLASSIC_H, Mode.FULL))
        .containsExactly(0, 0, 0, 1, 2, 0, 2, 4, 0, 0, 0, 0);
    assertThat(Convolution.convolve(CLASSIC_X, CLASSIC_H, Mode.SAME)).containsExactly(0, 0, 1, 2, 0, 2, 4, 0, 0);
    assertThat(Convolution.convolve(CLASSIC_X, CLASSIC_H, Mode.VALID)).containsExactly(1, 2, 0, 2, 4, 0);
    // lfilter(h, [1.0], x): the first n samples of the full result
    assertThat(Convolution.convolve(CLASSIC_X, CLASSIC_H, Mode.CAUSAL)).containsExactly(0, 0, 0, 1, 2, 0, 2, 4, 0);
  }

  @Test
  void correlate_causal_isTheFirstNSamplesOfTheFullCorrelation() {
    // correlate(x, h, 'full') = [0, 0, 0, 2, 1, 0, 4, 2, 0, 0, 0, 0]; lfilter(h[::-1], [1.0], x) = its first 9
    assertThat(Convolution.correlate(CLASSIC_X, CLASSIC_H, Mode.FULL))
        .containsExactly(0, 0, 0, 2, 1, 0, 4, 2, 0, 0, 0, 0);
    assertThat(Convolution.correlate(CLASSIC_X, CLASSIC_H, Mode.CAUSAL)).containsExactly(0, 0, 0, 2, 1, 0, 4, 2, 0);
  }

  /** Taps longer than the signal: still n samples from full index 0 (the operands are swapped inside). */
  @Test
  void convolve_causalWithTapsLongerThanTheSignal_keepsTheSignalsLength() {
    double[] x = {1, -2, 3};
    double[] h = {1, 10, 100, 1000, 10000};
    for (Method method : Method.values()) {
      // the FFT rounds (within 1e-12 * sum|h| * max|x|); the other methods are exact on these integers
      Offset<Double> tolerance = Offset.offset(method == Method.FFT ? 1e-7 : 0.0);
      assertThat(Convolution.convolve(x, h, Mode.CAUSAL, method)).as(method.cliName())
          .containsExactly(new double[] {1, 8, 83}, tolerance);
      assertThat(Convolution.correlate(x, h, Mode.CAUSAL, method)).as(method.cliName())
          .containsExactly(new double[] {10000, -19000, 28100}, tolerance);
    }
  }

  /** Shapes chosen to hit every edge: n=1, k=1, k=n, k>n, even/odd k, outputs shorter and longer than a block. */
  static Stream<Arguments> edgeShapes() {
    int[][] shapes = {
      {1, 1}, {1, 2}, {2, 1}, {1, 9}, {9, 1}, {7, 7}, {8, 8}, {16, 16}, {3, 40}, {40, 3}, {8, 9}, {9, 8},
      {31, 32}, {32, 31}, {33, 128}, {128, 129}, {200, 129}, {1000, 1}, {1000, 2}, {1000, 8}, {1000, 9},
      {1000, 128}, {1000, 129}, {4096, 300}, {17, 1000}, {1001, 1000}
    };
    List<Arguments> args = new ArrayList<>();
    for (int[] s : shapes) {
      for (Operation op : Operation.values()) {
        for (Mode mode : Mode.values()) {
          args.add(Arguments.of(op, mode, s[0], s[1]));
        }
      }
    }
    return args.stream();
  }

  @ParameterizedTest(name = "{0} {1} n={2} k={3}")
  @MethodSource("edgeShapes")
  void apply_edgeShape_matchesReference(Operation op, Mode mode, int n, int k) {
    SplittableRandom random = new SplittableRandom(31L * n + k);
    double[] x = gaussian(random, n);
    double[] h = gaussian(random, k);
    check(op, mode, x, h, Convolution.apply(op, x, h, mode));
  }

  /** 600 random shapes (k > n included) through one reused convolver, sizes going up and down. */
  @Test
  void rowConvolver_reusedOverRandomShapes_matchesReference() {
    SplittableRandom random = new SplittableRandom(2026);
    RowConvolver convolver = Convolution.newConvolver();
    for (int trial = 0; trial < 600; trial++) {
      int n = 1 + random.nextInt(trial % 3 == 0 ? 2000 : 80);
      int k = 1 + random.nextInt(trial % 5 == 0 ? 600 : 70);
      Operation op = Operation.values()[random.nextInt(2)];
      Mode mode = Mode.values()[random.nextInt(Mode.values().length)];
      double[] x = gaussian(random, n);
      double[] h = gaussian(random, k);
      // write at an offset inside a dirty buffer: stale values must never leak into the result
      int xOff = random.nextInt(3);
      int hOff = random.nextInt(3);
      int outOff = random.nextInt(3);
      double[] xBuf = embed(x, xOff, random);
      double[] hBuf = embed(h, hOff, random);
      double[] out = new double[outOff + mode.outputLength(n, k) + 2];
      java.util.Arrays.fill(out, Double.NaN);
      int written = convolver.apply(op, mode, xBuf, xOff, n, hBuf, hOff, k, out, outOff);
      assertThat(written).isEqualTo(mode.outputLength(n, k));
      assertThat(out[out.length - 1]).as("sample past the output").isNaN();
      // auto may pick FFT for long taps: each method is held to its own contract
      Reference.assertWithinMethodContract(op + " " + mode + " n=" + n + " k=" + k, convolver.lastMethod(), op,
          mode, x, h, java.util.Arrays.copyOfRange(out, outOff, outOff + written));
    }
  }

  @Test
  void convolve_largeMagnitudeRange_staysWithinRelativeBound() {
    SplittableRandom random = new SplittableRandom(7);
    double[] x = new double[3000];
    for (int i = 0; i < x.length; i++) {
      x[i] = gaussian(random, 1)[0] * Math.pow(10, random.nextInt(-8, 9));
    }
    double[] h = gaussian(random, 77);
    for (Mode mode : Mode.values()) {
      check(Operation.CONVOLVE, mode, x, h, Convolution.convolve(x, h, mode));
    }
  }

  @Test
  void correlate_equalsConvolveWithReversedTaps() {
    SplittableRandom random = new SplittableRandom(11);
    double[] x = gaussian(random, 500);
    double[] h = gaussian(random, 37);
    double[] reversed = new double[h.length];
    for (int j = 0; j < h.length; j++) {
      reversed[j] = h[h.length - 1 - j];
    }
    for (Mode mode : Mode.values()) {
      assertThat(Convolution.correlate(x, h, mode)).containsExactly(Convolution.convolve(x, reversed, mode));
    }
  }

  @Test
  void convolve_nonFiniteValues_propagateOnlyWhereTheyTouch() {
    double[] x = new double[100];
    x[50] = Double.NaN;
    x[10] = 1;
    double[] h = {1, 2, 3, 4, 5};
    double[] y = Convolution.convolve(x, h, Mode.FULL);
    for (int i = 0; i < y.length; i++) {
      boolean touched = i >= 50 && i <= 54;
      assertThat(Double.isNaN(y[i])).as("sample %d is NaN", i).isEqualTo(touched);
    }
    assertThat(y[12]).isEqualTo(3.0);
  }

  @Test
  void convolve_emptySignal_isRejectedWithLengths() {
    assertThatThrownBy(() -> Convolution.convolve(new double[0], CLASSIC_H, Mode.SAME))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("signal and taps must not be empty (scipy raises too), got lengths 0 and 4");
  }

  @Test
  void convolve_nullTaps_isRejected() {
    assertThatThrownBy(() -> Convolution.convolve(CLASSIC_X, null, Mode.SAME))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("signal and taps must not be null");
  }

  @Test
  void apply_outputTooSmall_namesTheRange() {
    RowConvolver convolver = Convolution.newConvolver();
    assertThatThrownBy(() -> convolver.apply(Operation.CONVOLVE, Mode.FULL,
            CLASSIC_X, 0, 9, CLASSIC_H, 0, 4, new double[11], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("out range [0, 0 + 12) is outside an array of length 11");
  }

  @Test
  void mode_parse_unknownNameListsChoices() {
    assertThat(Mode.parse(" Valid ")).isEqualTo(Mode.VALID);
    assertThat(Mode.parse("CAUSAL")).isEqualTo(Mode.CAUSAL);
    assertThat(Mode.CAUSAL.cliName()).isEqualTo("causal");
    assertThatThrownBy(() -> Mode.parse("middle"))
        .hasMessage("Unknown mode 'middle': expected one of full, same, valid, causal");
  }

  private static void check(Operation op, Mode mode, double[] x, double[] h, double[] actual) {
    Reference.assertWithinContract(op + " " + mode + " n=" + x.length + " k=" + h.length,
        Reference.compute(op, x, h, mode), actual, Reference.magnitude(op, x, h, mode), Reference.EPS);
  }

  static double[] gaussian(SplittableRandom random, int length) {
    double[] a = new double[length];
    for (int i = 0; i < length; i++) {
      // Box-Muller: SplittableRandom has no nextGaussian on Java 17
      double u = 1.0 - random.nextDouble();
      double v = random.nextDouble();
      a[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
    return a;
  }

  private static double[] embed(double[] a, int offset, SplittableRandom random) {
    double[] buf = new double[offset + a.length + 3];
    for (int i = 0; i < buf.length; i++) {
      buf[i] = 1e6 * random.nextDouble();
    }
    System.arraycopy(a, 0, buf, offset, a.length);
    return buf;
  }
}
