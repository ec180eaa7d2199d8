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

/** Filter banks against the plain reference, each filter within the contract of the method that computed it. */
class FilterBankTest {

  /** A bank packed as the convolver takes it, with dirty gaps between filters and outputs. */
  static final class Bank {
    final double[] x;
    final double[][] filters;
    final double[] taps;
    final int[] tapsOffsets;
    final int[] tapsLengths;

    Bank(double[] x, double[][] filters) {
      this.x = x;
      this.filters = filters;
      int f = filters.length;
      tapsOffsets = new int[f];
      tapsLengths = new int[f];
      int at = 3;
      for (int i = 0; i < f; i++) {
        tapsOffsets[i] = at;
        tapsLengths[i] = filters[i].length;
        at += filters[i].length + 2;
      }
      taps = new double[at];
      Arrays.fill(taps, 1e300); // values between filters must never be read
      for (int i = 0; i < f; i++) {
        System.arraycopy(filters[i], 0, taps, tapsOffsets[i], filters[i].length);
      }
    }

    /** Runs the bank; returns each filter's result (outputs written between NaN guards, which are checked). */
    double[][] run(FilterBankConvolver convolver, Operation op, Mode mode, Method method) {
      int f = filters.length;
      int[] outOffsets = new int[f];
      int at = 1;
      for (int i = 0; i < f; i++) {
        outOffsets[i] = at;
        at += mode.outputLength(x.length, tapsLengths[i]) + 1;
      }
      double[] out = new double[at];
      Arrays.fill(out, Double.NaN);
      double[] signal = new double[x.length + 4];
      Arrays.fill(signal, 1e300);
      System.arraycopy(x, 0, signal, 2, x.length);
      long written = convolver.apply(op, mode, method, signal, 2, x.length, taps, tapsOffsets, tapsLengths, f,
          out, outOffsets);
      double[][] results = new double[f][];
      long expectedWritten = 0;
      for (int i = 0; i < f; i++) {
        int length = mode.outputLength(x.length, tapsLengths[i]);
        expectedWritten += length;
        results[i] = Arrays.copyOfRange(out, outOffsets[i], outOffsets[i] + length);
        assertThat(out[outOffsets[i] - 1]).as("guard before filter %d", i).isNaN();
      }
      assertThat(out[at - 1]).as("guard after the last filter").isNaN();
      assertThat(written).isEqualTo(expectedWritten);
      return results;
    }
  }

  /** Lengths around a few centres (so that groups form and pad), with outliers, 1 and k > n now and then. */
  static Bank randomBank(SplittableRandom random, int maxN) {
    int n = 1 + random.nextInt(maxN);
    int count = 1 + random.nextInt(40);
    int[] centres = {1 + random.nextInt(8), 9 + random.nextInt(60), 70 + random.nextInt(250)};
    double[][] filters = new double[count][];
    for (int f = 0; f < count; f++) {
      int centre = centres[random.nextInt(centres.length)];
      int k = random.nextInt(10) == 0 ? 1 + random.nextInt(400) : Math.max(1, centre - random.nextInt(1 + centre / 6));
      filters[f] = ConvolutionTest.gaussian(random, k);
    }
    return new Bank(ConvolutionTest.gaussian(random, n), filters);
  }

  static Stream<Arguments> methodsAndModes() {
    List<Arguments> args = new ArrayList<>();
    for (Method method : Method.values()) {
      for (Mode mode : Mode.values()) {
        args.add(Arguments.of(method, mode));
      }
    }
    return args.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("methodsAndModes")
  void randomBanks_everyFilterMeetsItsMethodsContract(Method method, Mode mode) {
    SplittableRandom random = new SplittableRandom(1000L * method.ordinal() + mode.ordinal());
    FilterBankConvolver convolver = Convolution.newBankConvolver();
    for (int trial = 0; trial < 10; trial++) {
      Bank bank = randomBank(random, trial % 3 == 0 ? 300 : 2500);
      for (Operation op : Operation.values()) {
        double[][] results = bank.run(convolver, op, mode, method);
        for (int f = 0; f < bank.filters.length; f++) {
          Method used = convolver.lastMethod(f);
          assertThat(used).isNotEqualTo(Method.AUTO);
          if (method != Method.AUTO && bank.filters[f].length <= bank.x.length) {
            assertThat(used).as("filter %d", f).isEqualTo(method);
          }
          String what = String.format("trial %d %s %s %s n=%d filter %d of %d (k=%d, %s)", trial, method, op, mode,
              bank.x.length, f, bank.filters.length, bank.filters[f].length, used);
          Reference.assertWithinMethodContract(what, used, op, mode, bank.x, bank.filters[f], results[f]);
        }
      }
    }
  }

  /** Banks of one length (the usual case) and of two, at sizes where each method is the cheap one. */
  @ParameterizedTest(name = "{0} n={1} F={2} k={3}")
  @MethodSource("largerBanks")
  void largerBanks_meetTheirContracts(Method method, int n, int count, int k) {
    SplittableRandom random = new SplittableRandom(n + 31L * count + k);
    double[][] filters = new double[count][];
    for (int f = 0; f < count; f++) {
      filters[f] = ConvolutionTest.gaussian(random, f % 3 == 2 ? k - k / 10 : k);
    }
    Bank bank = new Bank(ConvolutionTest.gaussian(random, n), filters);
    FilterBankConvolver convolver = Convolution.newBankConvolver();
    for (Mode mode : List.of(Mode.SAME, Mode.CAUSAL)) {
      double[][] results = bank.run(convolver, Operation.CORRELATE, mode, method);
      for (int f = 0; f < count; f++) {
        Reference.assertWithinMethodContract(method + " " + mode + " filter " + f, convolver.lastMethod(f),
            Operation.CORRELATE, mode, bank.x, filters[f], results[f]);
      }
    }
  }

  static Stream<Arguments> largerBanks() {
    List<Arguments> args = new ArrayList<>();
    for (Method method : Method.values()) {
      args.add(Arguments.of(method, 4096, 9, 64));
      args.add(Arguments.of(method, 5000, 6, 1024));
      args.add(Arguments.of(method, 70000, 3, 3000));
    }
    return args.stream();
  }

  @Test
  void auto_sharesWorkAcrossTheBank_pickingBlocksOrDirectForShortTapsAndFftForLongOnes() {
    SplittableRandom random = new SplittableRandom(9);
    FilterBankConvolver convolver = Convolution.newBankConvolver();
    double[][] shortTaps = new double[16][];
    double[][] longTaps = new double[16][];
    for (int f = 0; f < 16; f++) {
      shortTaps[f] = ConvolutionTest.gaussian(random, 16);
      longTaps[f] = ConvolutionTest.gaussian(random, 2048);
    }
    double[] x = ConvolutionTest.gaussian(random, 8192);
    new Bank(x, shortTaps).run(convolver, Operation.CONVOLVE, Mode.SAME, Method.AUTO);
    assertThat(convolver.lastMethod(0)).isIn(Method.DIRECT, Method.TOEPLITZ);
    new Bank(x, longTaps).run(convolver, Operation.CONVOLVE, Mode.SAME, Method.AUTO);
    assertThat(convolver.lastMethod(0)).isEqualTo(Method.FFT);
  }

  /**
   * NaN/Inf in some filters: those go through the scalar loop (scipy's pattern), the others still share work;
   * NaN/Inf in the signal: every filter as the 1-D kernel computes it. Patterns compared exactly.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("nonFiniteCases")
  void nonFiniteValues_reachExactlyScipysOutputs(Method method, boolean inSignal) {
    SplittableRandom random = new SplittableRandom(11);
    double[][] filters = new double[6][];
    for (int f = 0; f < filters.length; f++) {
      filters[f] = ConvolutionTest.gaussian(random, 40);
    }
    filters[1][7] = Double.NaN;
    filters[4][0] = Double.POSITIVE_INFINITY;
    double[] x = ConvolutionTest.gaussian(random, 700);
    if (inSignal) {
      x[100] = Double.NaN;
      x[699] = Double.NEGATIVE_INFINITY;
    }
    Bank bank = new Bank(x, filters);
    FilterBankConvolver convolver = Convolution.newBankConvolver();
    for (Operation op : Operation.values()) {
      for (Mode mode : Mode.values()) {
        double[][] results = bank.run(convolver, op, mode, method);
        for (int f = 0; f < filters.length; f++) {
          boolean nonFinite = inSignal || f == 1 || f == 4;
          Method used = convolver.lastMethod(f);
          if (nonFinite && method != Method.DIRECT) {
            assertThat(used).as("filter %d", f).isEqualTo(Method.DIRECT);
          }
          Reference.assertWithinContract(method + " " + op + " " + mode + " filter " + f,
              Reference.compute(op, x, filters[f], mode), results[f], Reference.magnitude(op, x, filters[f], mode),
              used == Method.FFT ? 1e-10 : Reference.EPS);
        }
      }
    }
  }

  static Stream<Arguments> nonFiniteCases() {
    List<Arguments> args = new ArrayList<>();
    for (Method method : Method.values()) {
      args.add(Arguments.of(method, false));
      args.add(Arguments.of(method, true));
    }
    return args.stream();
  }

  @Test
  void sameBankOverManyRows_isPreparedOnce_andBitIdenticalToNoCache() {
    SplittableRandom random = new SplittableRandom(12);
    double[][] filters = new double[10][];
    for (int f = 0; f < filters.length; f++) {
      filters[f] = ConvolutionTest.gaussian(random, f < 5 ? 700 : 64);
    }
    FilterBankConvolver cached = new FilterBankConvolver(BlasProvider.get(), 64L << 20);
    FilterBankConvolver uncached = new FilterBankConvolver(BlasProvider.get(), 0);
    for (int row = 0; row < 8; row++) {
      Bank bank = new Bank(ConvolutionTest.gaussian(random, 3000 + 50 * row), filters);
      for (Method method : List.of(Method.FFT, Method.TOEPLITZ)) {
        double[][] expected = bank.run(uncached, Operation.CORRELATE, Mode.SAME, method);
        double[][] actual = bank.run(cached, Operation.CORRELATE, Mode.SAME, method);
        for (int f = 0; f < filters.length; f++) {
          assertThat(actual[f]).as("row %d %s filter %d", row, method, f).containsExactly(expected[f]);
        }
      }
    }
    assertThat(cached.preparedBankHits()).isEqualTo(2 * 8 - 2);
    assertThat(uncached.preparedBankHits()).isZero();
  }

  @Test
  void convolveBank_equalsConvolvePerFilter() {
    SplittableRandom random = new SplittableRandom(13);
    double[] x = ConvolutionTest.gaussian(random, 1000);
    double[][] filters = {ConvolutionTest.gaussian(random, 31), ConvolutionTest.gaussian(random, 30),
        ConvolutionTest.gaussian(random, 1), ConvolutionTest.gaussian(random, 1500)};
    double[][] convolved = Convolution.convolveBank(x, filters, Mode.SAME);
    double[][] correlated = Convolution.correlateBank(x, filters, Mode.VALID);
    assertThat(convolved).hasNumberOfRows(4);
    for (int f = 0; f < filters.length; f++) {
      // the filter longer than the signal may go FFT under auto: its (row-wide) contract then
      Method contract = f == 3 ? Method.FFT : Method.DIRECT;
      Reference.assertWithinMethodContract("convolve filter " + f, contract, Operation.CONVOLVE, Mode.SAME, x,
          filters[f], convolved[f]);
      Reference.assertWithinMethodContract("correlate filter " + f, contract, Operation.CORRELATE,
          Mode.VALID, x, filters[f], correlated[f]);
    }
    assertThat(Convolution.convolveBank(new double[] {0, 0, 1, 0, 0, 2, 0, 0, 0},
        new double[][] {{0, 1, 2, 0}, {1}}, Mode.CAUSAL))
        .isDeepEqualTo(new double[][] {{0, 0, 0, 1, 2, 0, 2, 4, 0}, {0, 0, 1, 0, 0, 2, 0, 0, 0}});
    assertThat(Convolution.convolveBank(x, new double[0][], Mode.FULL)).isEmpty();
  }

  @Test
  void convolveBank_badArguments_areRefusedWithWhatAndWhere() {
    double[] x = {1, 2, 3};
    assertThatThrownBy(() -> Convolution.convolveBank(x, null, Mode.SAME))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("filters must not be null");
    assertThatThrownBy(() -> Convolution.convolveBank(x, new double[][] {{1}, null}, Mode.SAME))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("filter 1 is null");
    assertThatThrownBy(() -> Convolution.convolveBank(x, new double[][] {{1}, {2}, {}}, Mode.SAME))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("filter 2 has 0 taps: every filter needs at least one (scipy raises on empty taps)");
    assertThatThrownBy(() -> Convolution.convolveBank(new double[0], new double[][] {{1}}, Mode.SAME))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("signal and taps must not be empty (scipy raises too), got lengths 0 and 1");
    assertThatThrownBy(() -> Convolution.convolveBank(null, new double[0][], Mode.SAME))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("signal and taps must not be null");
  }

  @Test
  void apply_rangesOutsideTheirArrays_areRefusedNamingTheFilter() {
    FilterBankConvolver convolver = Convolution.newBankConvolver();
    double[] x = new double[10];
    double[] taps = new double[8];
    assertThatThrownBy(() -> convolver.apply(Operation.CONVOLVE, Mode.FULL, Method.AUTO, x, 0, 10, taps,
            new int[] {0, 4}, new int[] {4, 5}, 2, new double[40], new int[] {0, 13}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("taps of filter 1 range [4, 4 + 5) is outside an array of length 8");
    assertThatThrownBy(() -> convolver.apply(Operation.CONVOLVE, Mode.FULL, Method.AUTO, x, 0, 10, taps,
            new int[] {0, 4}, new int[] {4, 4}, 2, new double[25], new int[] {0, 13}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("out of filter 1 range [13, 13 + 13) is outside an array of length 25");
    assertThatThrownBy(() -> convolver.apply(Operation.CONVOLVE, Mode.FULL, Method.AUTO, x, 0, 10, taps,
            new int[] {0}, new int[] {4, 4}, 2, new double[40], new int[] {0, 13}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tapsOffsets has 1 entries for 2 filters");
    assertThatThrownBy(() -> convolver.apply(Operation.CONVOLVE, Mode.FULL, Method.AUTO, x, 0, 10, taps,
            new int[] {0}, new int[] {4}, -1, new double[40], new int[] {0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("filters must be >= 0, got -1");
    assertThatThrownBy(() -> convolver.apply(Operation.CONVOLVE, null, Method.AUTO, x, 0, 10, taps,
            new int[] {0}, new int[] {4}, 1, new double[40], new int[] {0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("op, mode and method must not be null");
  }
}
