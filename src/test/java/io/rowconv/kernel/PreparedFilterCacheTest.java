package io.rowconv.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The prepared-filter cache of {@link RowConvolver}: transparent (results bit for bit those of a convolver
 * without cache), hit only by the very same taps, bounded in bytes.
 */
class PreparedFilterCacheTest {

  /** One row through a convolver, into a fresh array. */
  private static double[] run(RowConvolver convolver, Operation op, Mode mode, Method method, double[] x,
      double[] h) {
    double[] out = new double[mode.outputLength(x.length, h.length)];
    convolver.apply(op, mode, method, x, 0, x.length, h, 0, h.length, out, 0);
    return out;
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({
    "FFT, CONVOLVE, SAME", "FFT, CORRELATE, CAUSAL", "FFT, CONVOLVE, VALID", "TOEPLITZ, CONVOLVE, FULL",
    "TOEPLITZ, CORRELATE, SAME", "AUTO, CONVOLVE, SAME"})
  void sharedTaps_hitFromTheThirdRow_andGiveBitIdenticalResults(Method method, Operation op, Mode mode) {
    SplittableRandom random = new SplittableRandom(3);
    double[] h = ConvolutionTest.gaussian(random, 700);
    RowConvolver cached = new RowConvolver(BlasProvider.get());
    RowConvolver uncached = new RowConvolver(BlasProvider.get(), 0);
    for (int row = 0; row < 12; row++) {
      // row lengths over two FFT sizes, so the entry holds spectra at both
      double[] x = ConvolutionTest.gaussian(random, row % 2 == 0 ? 5000 : 1500);
      double[] expected = run(uncached, op, mode, method, x, h);
      assertThat(run(cached, op, mode, method, x, h)).as("row %d", row).containsExactly(expected);
    }
    // first sighting remembered only, second stores the entry (and fills it), every later row hits
    assertThat(cached.preparedFilterHits()).isEqualTo(10);
    assertThat(cached.preparedFilterBytes()).isPositive();
    assertThat(uncached.preparedFilterHits()).isZero();
  }

  @Test
  void distinctTaps_areNeverStored() {
    SplittableRandom random = new SplittableRandom(4);
    RowConvolver cached = new RowConvolver(BlasProvider.get());
    RowConvolver uncached = new RowConvolver(BlasProvider.get(), 0);
    double[] x = ConvolutionTest.gaussian(random, 4096);
    for (int row = 0; row < 20; row++) {
      double[] h = ConvolutionTest.gaussian(random, 1024);
      assertThat(run(cached, Operation.CONVOLVE, Mode.SAME, Method.FFT, x, h))
          .containsExactly(run(uncached, Operation.CONVOLVE, Mode.SAME, Method.FFT, x, h));
    }
    assertThat(cached.preparedFilterHits()).isZero();
    assertThat(cached.preparedFilterBytes()).isZero();
  }

  /** Taps one ulp apart, or the same values in another order, are other filters: never a hit for each other. */
  @Test
  void nearlyEqualTaps_areDifferentEntries() {
    SplittableRandom random = new SplittableRandom(5);
    double[] h = ConvolutionTest.gaussian(random, 600);
    double[] ulp = h.clone();
    ulp[300] = Math.nextUp(ulp[300]);
    double[] swapped = h.clone();
    swapped[0] = h[1];
    swapped[1] = h[0];
    double[] x = ConvolutionTest.gaussian(random, 3000);
    x[1000] = 1e6; // makes a one-ulp difference in the taps visible in the output
    RowConvolver cached = new RowConvolver(BlasProvider.get());
    RowConvolver uncached = new RowConvolver(BlasProvider.get(), 0);
    for (int round = 0; round < 4; round++) {
      for (double[] taps : new double[][] {h, ulp, swapped}) {
        assertThat(run(cached, Operation.CONVOLVE, Mode.FULL, Method.FFT, x, taps))
            .containsExactly(run(uncached, Operation.CONVOLVE, Mode.FULL, Method.FFT, x, taps));
      }
    }
    assertThat(cached.preparedFilterHits()).isEqualTo(6); // three filters, rounds 3 and 4
  }

  @Test
  void manyFilters_stayWithinTheBoundByEvictingTheLeastRecentlyUsed() {
    SplittableRandom random = new SplittableRandom(6);
    long bound = 200_000; // a few spectra of 4098 doubles
    RowConvolver cached = new RowConvolver(BlasProvider.get(), bound);
    RowConvolver uncached = new RowConvolver(BlasProvider.get(), 0);
    double[][] filters = new double[12][];
    for (int f = 0; f < filters.length; f++) {
      filters[f] = ConvolutionTest.gaussian(random, 1500);
    }
    double[] x = ConvolutionTest.gaussian(random, 4096);
    for (int row = 0; row < 120; row++) {
      double[] h = filters[row < 60 ? row % filters.length : random.nextInt(3)];
      assertThat(run(cached, Operation.CONVOLVE, Mode.SAME, Method.FFT, x, h))
          .containsExactly(run(uncached, Operation.CONVOLVE, Mode.SAME, Method.FFT, x, h));
      assertThat(cached.preparedFilterBytes()).as("bytes after row %d", row).isLessThanOrEqualTo(bound);
    }
    // twelve filters round robin do not fit (no hits then); three recent ones do, and hit
    assertThat(cached.preparedFilterHits()).isGreaterThan(50);
  }

  @Test
  void negativeBound_isRefusedWithTheValue() {
    assertThatThrownBy(() -> new RowConvolver(BlasProvider.get(), -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cache capacity must be >= 0 bytes, got -1");
  }

  @Test
  void contentKey_equalOnlyForTheSameValuesAndIntegers() {
    double[] a = {1, 2, 3, 4, 5};
    double[] b = {9, 1, 2, 3, 4, 5};
    PreparedCache.ContentKey p = new PreparedCache.ContentKey().set(new int[] {7}, 1, a, 0, 5);
    PreparedCache.ContentKey q = new PreparedCache.ContentKey().set(new int[] {7}, 1, b, 1, 5);
    PreparedCache.ContentKey r = new PreparedCache.ContentKey().set(new int[] {8}, 1, b, 1, 5);
    PreparedCache.ContentKey s = new PreparedCache.ContentKey().set(new int[] {7}, 1, b, 0, 5);
    assertThat(p).isEqualTo(q).hasSameHashCodeAs(q).isEqualTo(q.copy());
    assertThat(p).isNotEqualTo(r).isNotEqualTo(s);
  }
}
