package io.rowconv.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Rows sharing taps in one batch give each row what {@link RowConvolver#apply} gives it alone. */
class SharedTapsTest {

  static Stream<Arguments> batches() {
    List<Arguments> args = new ArrayList<>();
    int[] tapLengths = {1, 3, 16, 40, 129, 300};
    for (Method method : List.of(Method.AUTO, Method.TOEPLITZ, Method.DIRECT)) {
      for (int k : tapLengths) {
        for (Mode mode : Mode.values()) {
          args.add(Arguments.of(method, mode, k));
        }
      }
    }
    return args.stream();
  }

  @ParameterizedTest(name = "{0} {1} k={2}")
  @MethodSource("batches")
  void applySharedTaps_rowsOfMixedLengths_meetEachRowsContract(Method method, Mode mode, int k) {
    SplittableRandom random = new SplittableRandom(7L * k + mode.ordinal());
    int count = 25;
    int[] lengths = new int[count];
    int[] signalOffsets = new int[count];
    int[] outOffsets = new int[count];
    int signalTotal = 3; // rows start after a gap, so offsets are exercised
    int outTotal = 5;
    for (int r = 0; r < count; r++) {
      // short and long rows, some shorter than the taps (computed row by row), one with NaN
      lengths[r] = r == 10 ? 20_000 : 1 + random.nextInt(r % 4 == 0 ? 40 : 700); // row 10: longer than one product
      signalOffsets[r] = signalTotal;
      signalTotal += lengths[r] + 2;
      outOffsets[r] = outTotal;
      outTotal += mode.outputLength(lengths[r], k) + 1;
    }
    double[] signals = ConvolutionTest.gaussian(random, signalTotal);
    signals[signalOffsets[5] + lengths[5] / 2] = Double.NaN;
    double[] taps = ConvolutionTest.gaussian(random, k + 2);
    for (Operation op : Operation.values()) {
      double[] out = new double[outTotal];
      java.util.Arrays.fill(out, -777.0);
      RowConvolver convolver = Convolution.newConvolver();
      // a smaller batch first, so that the second call grows the convolver's per-batch arrays
      convolver.applySharedTaps(op, mode, method, 3, signals, signalOffsets, lengths, taps, 2, k, out, outOffsets);
      java.util.Arrays.fill(out, -777.0);
      convolver.applySharedTaps(op, mode, method, count, signals, signalOffsets, lengths, taps, 2, k, out,
          outOffsets);
      double[] h = java.util.Arrays.copyOfRange(taps, 2, 2 + k);
      for (int r = 0; r < count; r++) {
        double[] x = java.util.Arrays.copyOfRange(signals, signalOffsets[r], signalOffsets[r] + lengths[r]);
        double[] actual = java.util.Arrays.copyOfRange(out, outOffsets[r], outOffsets[r] + mode.outputLength(
            lengths[r], k));
        String what = method + " " + op + " " + mode + " row " + r + " n=" + lengths[r] + " k=" + k;
        // a row the batch does not take is computed by apply(); FFT rows (auto, long taps) have FFT's contract
        Reference.assertWithinMethodContract(what, aloneUsedFft(op, x, h, mode, method) ? Method.FFT : Method.DIRECT,
            op, mode, x, h, actual);
        assertThat(out[outOffsets[r] + actual.length]).as(what + ": sample past the row").isEqualTo(-777.0);
      }
      long counted = 0;
      for (Method m : Method.values()) {
        counted += convolver.rowsComputedWith(m);
      }
      assertThat(counted).isEqualTo(count + 3);
      if (method == Method.TOEPLITZ && k > 1) {
        assertThat(convolver.rowsComputedWith(Method.TOEPLITZ)).as("rows batched").isPositive();
      }
    }
  }

  private static boolean aloneUsedFft(Operation op, double[] x, double[] h, Mode mode, Method method) {
    RowConvolver alone = Convolution.newConvolver();
    alone.apply(op, mode, method, x, 0, x.length, h, 0, h.length, new double[mode.outputLength(x.length, h.length)],
        0);
    return alone.lastMethod() == Method.FFT;
  }

  @Test
  void applySharedTaps_emptySignal_isRefusedNamingTheLengths() {
    RowConvolver convolver = Convolution.newConvolver();
    assertThatThrownBy(() -> convolver.applySharedTaps(Operation.CONVOLVE, Mode.FULL, Method.AUTO, 1,
        new double[4], new int[] {0}, new int[] {0}, new double[] {1, 2}, 0, 2, new double[8], new int[] {0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Convolution needs non-empty operands, got signal length 0 and taps length 2");
  }
}
