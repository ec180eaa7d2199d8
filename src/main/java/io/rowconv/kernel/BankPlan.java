package io.rowconv.kernel;

import java.util.Arrays;

/**
 * How a filter bank is computed, and its filters' prepared forms; what {@link FilterBankConvolver} caches per
 * bank content.
 *
 * <h2>Groups</h2>
 *
 * The filters with finite taps are sorted by length, longest first, and cut into groups of similar length: a
 * group of longest length {@code K} takes every filter of at least {@code K - max(1, K / 8)} taps, and each is
 * padded with zeros to {@code K}. Padding wastes at most an eighth of a group's multiply-adds (none for banks
 * of one length, the usual case) and lets one product (one block of windows against all the group's filters,
 * one pair loop, one forward transform per segment) serve the whole group. Zero taps change no result beyond
 * the rounding order (the signal is finite on this path: 0 * NaN would not be 0). Filters with non-finite
 * taps form no group; the convolver computes them one at a time, like the 1-D kernel.
 *
 * <p>Where the padding goes: in mode same a filter of {@code k} taps needs the full indices from
 * {@code (k - 1) / 2}, so {@code (K - 1) / 2 - (k - 1) / 2} zeros go in front ({@link #delay}) and the rest
 * behind; its outputs then sit at the same padded-convolution indices as a {@code K}-tap filter's, and the group
 * computes {@code n} outputs per filter. In the other modes the zeros go behind (the full result only gains
 * zeros at its end) and a group computes the union of its filters' ranges.
 *
 * <h2>Prepared forms</h2>
 *
 * Per group: the padded taps ({@code G} rows of {@code K}, convolution order: reversed for correlation),
 * always; the stacked reversed taps as a {@code K x G} column-major matrix for the block product, and the
 * padded taps' spectra at one FFT size, built when a row first needs them. Arrays are reused when the plan is
 * rebuilt for another bank (the convolver's scratch plan for banks it does not cache).
 */
final class BankPlan implements PreparedCache.Entry {

  private long keyBytes;
  boolean[] finite = new boolean[0];
  int groups;
  /** Filters with finite taps in group order: group g is {@code order[groupStart[g] .. groupStart[g + 1])}. */
  int[] order = new int[0];
  int[] groupStart = new int[1];
  /** Longest length in each group: every filter of the group is padded to it. */
  int[] groupLength = new int[0];
  /** Per filter (by index): zeros in front of its taps in the padded form. */
  int[] delay = new int[0];
  /** The padded taps of group g from {@code paddedOffset[g]}: one row of K per filter, in group order. */
  double[] padded = new double[0];
  int[] paddedOffset = new int[0];

  private double[][] stacks = new double[0][];
  private boolean[] stackValid = new boolean[0];
  private double[][] spectra = new double[0][];
  private int[] spectrumSize = new int[0];
  private long[] sortKeys = new long[0];

  @Override
  public long bytes() {
    long b = keyBytes + 8L * padded.length + 4L * (order.length + delay.length) + 256;
    for (int g = 0; g < groups; g++) {
      b += stackValid[g] ? 8L * stacks[g].length : 0;
      b += spectrumSize[g] > 0 ? 8L * spectra[g].length : 0;
    }
    return b;
  }

  @Override
  public void releaseArrays(java.util.function.Consumer<double[]> sink) {
    // a bank's arrays are sized by its groups; they go with it
  }

  /** Rebuilds this plan for the given bank; {@code keyBytes} are those of its cache key (0 when not cached). */
  void build(Operation op, Mode mode, double[] taps, int[] tapsOffsets, int[] tapsLengths, int count,
      long keyBytes) {
    this.keyBytes = keyBytes;
    if (finite.length < count) {
      finite = new boolean[count];
      delay = new int[count];
      order = new int[count];
      sortKeys = new long[count];
    }
    int eligible = 0;
    for (int f = 0; f < count; f++) {
      finite[f] = DirectKernel.allFinite(taps, tapsOffsets[f], tapsLengths[f]);
      delay[f] = 0;
      if (finite[f]) {
        // longest first, then by filter index: the same grouping for the same lengths, whatever the values
        sortKeys[eligible++] = ((long) (Integer.MAX_VALUE - tapsLengths[f]) << 32) | f;
      }
    }
    Arrays.sort(sortKeys, 0, eligible);
    for (int i = 0; i < eligible; i++) {
      order[i] = (int) sortKeys[i];
    }
    groups = 0;
    int paddedSize = 0;
    for (int i = 0; i < eligible; ) {
      int longest = tapsLengths[order[i]];
      int start = i;
      while (i < eligible && longest - tapsLengths[order[i]] <= Math.max(1, longest / 8)) {
        i++;
      }
      ensureGroups(groups + 1);
      groupStart[groups] = start;
      groupLength[groups] = longest;
      paddedOffset[groups] = paddedSize;
      paddedSize += (i - start) * longest;
      groups++;
    }
    groupStart[groups] = eligible;
    if (padded.length < paddedSize) {
      padded = new double[paddedSize];
    }
    for (int g = 0; g < groups; g++) {
      stackValid[g] = false;
      spectrumSize[g] = 0;
      int kMax = groupLength[g];
      for (int i = groupStart[g]; i < groupStart[g + 1]; i++) {
        int f = order[i];
        int k = tapsLengths[f];
        int d = mode == Mode.SAME ? (kMax - 1) / 2 - (k - 1) / 2 : 0;
        delay[f] = d;
        int row = paddedOffset[g] + (i - groupStart[g]) * kMax;
        Arrays.fill(padded, row, row + d, 0.0);
        for (int j = 0; j < k; j++) {
          padded[row + d + j] = op == Operation.CORRELATE ? taps[tapsOffsets[f] + k - 1 - j] : taps[tapsOffsets[f] + j];
        }
        Arrays.fill(padded, row + d + k, row + kMax, 0.0);
      }
    }
  }

  private void ensureGroups(int needed) {
    if (groupLength.length < needed) {
      int size = Math.max(needed, 2 * groupLength.length);
      groupStart = Arrays.copyOf(groupStart, size + 1);
      groupLength = Arrays.copyOf(groupLength, size);
      paddedOffset = Arrays.copyOf(paddedOffset, size);
      stacks = Arrays.copyOf(stacks, size);
      stackValid = Arrays.copyOf(stackValid, size);
      spectra = Arrays.copyOf(spectra, size);
      spectrumSize = Arrays.copyOf(spectrumSize, size);
    }
  }

  int groupSize(int g) {
    return groupStart[g + 1] - groupStart[g];
  }

  /**
   * Group g's reversed padded taps as a {@code K x G} column-major matrix (column i: filter
   * {@code order[groupStart[g] + i]}), {@code R[m][i] = padded_i[K - 1 - m]}, built on first use; returns the
   * bytes it added to the plan (0 when it was there).
   */
  long ensureStack(int g) {
    if (stackValid[g]) {
      return 0;
    }
    int k = groupLength[g];
    int size = k * groupSize(g);
    if (stacks[g] == null || stacks[g].length < size) {
      stacks[g] = new double[size];
    }
    double[] stack = stacks[g];
    for (int i = 0; i < groupSize(g); i++) {
      int row = paddedOffset[g] + i * k;
      for (int m = 0; m < k; m++) {
        stack[i * k + m] = padded[row + k - 1 - m];
      }
    }
    stackValid[g] = true;
    return 8L * stack.length;
  }

  double[] stack(int g) {
    return stacks[g];
  }

  /**
   * Group g's padded taps' spectra at FFT size {@code nfft} (filter i at {@code i * (nfft + 2)}), scaled by
   * {@code 1 / nfft} for {@link RealFft#inverseUnscaled}, computed on
   * first use or when another size was held; returns the bytes this changed (may be negative).
   */
  long ensureSpectra(int g, int nfft, FftConvolution fft) {
    if (spectrumSize[g] == nfft) {
      return 0;
    }
    long before = spectrumSize[g] > 0 ? 8L * spectra[g].length : 0;
    int k = groupLength[g];
    int size = (nfft + 2) * groupSize(g);
    if (spectra[g] == null || spectra[g].length < size) {
      spectra[g] = new double[size];
    }
    double[] all = spectra[g];
    for (int i = 0; i < groupSize(g); i++) {
      fft.transformTaps(padded, paddedOffset[g] + i * k, k, nfft, all, i * (nfft + 2));
    }
    // the inverse transform's 1/N, once here instead of once per filter, segment and row
    double scale = 1.0 / nfft;
    for (int i = 0; i < size; i++) {
      all[i] *= scale;
    }
    spectrumSize[g] = nfft;
    return 8L * all.length - before;
  }

  double[] spectra(int g) {
    return spectra[g];
  }
}
