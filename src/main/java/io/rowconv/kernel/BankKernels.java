package io.rowconv.kernel;

import dev.ludovic.netlib.blas.BLAS;

/**
 * The three ways {@link FilterBankConvolver} computes one group of a {@link BankPlan} (filters padded to one
 * length {@code K}, finite signal and taps, {@code K <= n}), each sharing work across the group's filters:
 *
 * <ul>
 *   <li>{@link #direct}: the SIMD loop two filters at a time ({@link VectorBankDirect}): each signal vector
 *       loaded feeds both.
 *   <li>{@link #blocks}: the signal's windows against all the group's filters in one dgemm per block of
 *       {@code B} outputs: {@code Y (B x G) = W (B x K) * R (K x G)}, {@code W[b][m] = xpad[s + b + m]} (the
 *       windows, copied im2col-style: column m of W is the padded signal from {@code s + m}, one arraycopy),
 *       {@code R} the stacked reversed taps. Unlike the 1-D Toeplitz block this multiplies no zeros of a band;
 *       the copy costs {@code K} moves per {@code 2 G K} flops.
 *   <li>{@link #fft}: overlap-add where each signal segment is transformed once for all filters (their
 *       spectra prepared once per bank), then one product and one inverse transform per filter.
 * </ul>
 *
 * Outputs are computed at padded-convolution indices {@code [start, start + span)} (the group's union) and
 * each filter's own range is copied to its output. Work buffers are owned and reused; not thread-safe.
 */
final class BankKernels {

  private final BLAS blas;
  private final FftConvolution fft = new FftConvolution();
  /** The zero-padded signal the kernels read. This object is reused across rows. */
  private double[] window = new double[0];
  /** Outputs of a block (or a pair of filters) before they are copied out. Reused across rows. */
  private double[] results = new double[0];
  /** The windows of one block, column-major. Reused across rows. */
  private double[] columns = new double[0];
  private double[] segment = new double[0];
  private double[] segmentSpectrum = new double[0];
  private double[] product = new double[0];

  BankKernels(BLAS blas) {
    this.blas = blas;
  }

  FftConvolution fft() {
    return fft;
  }

  /** Outputs per dgemm of {@link #blocks}: the block's windows ({@code B x K}) stay within about 256 KiB. */
  static int blockColumns(int k) {
    return Math.max(32, Math.min(1024, Integer.highestOneBit(Math.max(1, 32768 / k))));
  }

  private static double[] grow(double[] a, int size) {
    return a.length < size ? new double[size] : a;
  }

  /** Copies filter f's outputs among padded-convolution indices [lo, lo + count) (at src[srcOffset ..]). */
  private static void copyOut(Mode mode, int n, int f, int[] tapsLengths, int[] delay, double[] src,
      int srcOffset, int lo, int count, double[] out, int[] outOffsets) {
    int k = tapsLengths[f];
    int first = mode.fullOffset(n, k) + delay[f];
    int from = Math.max(lo, first);
    int to = Math.min(lo + count, first + mode.outputLength(n, k));
    if (to > from) {
      System.arraycopy(src, srcOffset + from - lo, out, outOffsets[f] + from - first, to - from);
    }
  }

  void direct(BankPlan plan, int g, Mode mode, double[] x, int xOffset, int n, int[] tapsLengths, int start,
      int span, double[] out, int[] outOffsets) {
    int k = plan.groupLength[g];
    int steps = (span + VectorBankDirect.STEP - 1) / VectorBankDirect.STEP * VectorBankDirect.STEP;
    int size = steps + k - 1;
    window = grow(window, size);
    results = grow(results, 2 * steps);
    ToeplitzBlockConvolution.fillWindow(window, x, xOffset, n, k, start, size);
    int first = plan.groupStart[g];
    int end = plan.groupStart[g + 1];
    for (int i = first; i < end; i += 2) {
      int row = plan.paddedOffset[g] + (i - first) * k;
      if (i + 1 < end) {
        VectorBankDirect.convolvePair(window, plan.padded, row, plan.padded, row + k, k, steps, results, 0,
            results, steps);
        copyOut(mode, n, plan.order[i + 1], tapsLengths, plan.delay, results, steps, start, span, out, outOffsets);
      } else {
        VectorDirectConvolution.convolveWindow(window, 0, plan.padded, row, k, steps, results, 0);
      }
      copyOut(mode, n, plan.order[i], tapsLengths, plan.delay, results, 0, start, span, out, outOffsets);
    }
  }

  /** Requires {@link BankPlan#ensureStack} for the group. */
  void blocks(BankPlan plan, int g, Mode mode, double[] x, int xOffset, int n, int[] tapsLengths, int start,
      int span, double[] out, int[] outOffsets) {
    int k = plan.groupLength[g];
    int filters = plan.groupSize(g);
    int size = span + k - 1;
    window = grow(window, size);
    ToeplitzBlockConvolution.fillWindow(window, x, xOffset, n, k, start, size);
    int b = blockColumns(k);
    columns = grow(columns, b * k);
    results = grow(results, b * filters);
    double[] stack = plan.stack(g);
    for (int t = 0; t < span; t += b) {
      int rows = Math.min(b, span - t);
      for (int m = 0; m < k; m++) {
        System.arraycopy(window, t + m, columns, m * rows, rows);
      }
      blas.dgemm("N", "N", rows, filters, k, 1.0, columns, 0, rows, stack, 0, k, 0.0, results, 0, rows);
      for (int i = 0; i < filters; i++) {
        copyOut(mode, n, plan.order[plan.groupStart[g] + i], tapsLengths, plan.delay, results, i * rows,
            start + t, rows, out, outOffsets);
      }
    }
  }

  /** Requires {@link BankPlan#ensureSpectra} for the group at {@code nfft}. */
  void fft(BankPlan plan, int g, int nfft, Mode mode, double[] x, int xOffset, int n, int[] tapsLengths,
      int start, int span, double[] out, int[] outOffsets) {
    int k = plan.groupLength[g];
    int first = plan.groupStart[g];
    int end = plan.groupStart[g + 1];
    for (int i = first; i < end; i++) {
      int f = plan.order[i];
      java.util.Arrays.fill(out, outOffsets[f], outOffsets[f] + mode.outputLength(n, tapsLengths[f]), 0.0);
    }
    RealFft transform = fft.plan(nfft);
    segment = grow(segment, nfft);
    segmentSpectrum = grow(segmentSpectrum, nfft + 2);
    product = grow(product, nfft + 2);
    double[] spectra = plan.spectra(g);
    int length = nfft - k + 1;
    int fullEnd = start + span;
    int firstSegment = Math.max(0, (start - (length + k - 2) + length - 1) / length) * length;
    for (int a = firstSegment; a < n && a < fullEnd; a += length) {
      int count = Math.min(length, n - a);
      System.arraycopy(x, xOffset + a, segment, 0, count);
      java.util.Arrays.fill(segment, count, nfft, 0.0);
      transform.forward(segment, segmentSpectrum);
      for (int i = first; i < end; i++) {
        FftConvolution.multiplyInto(segmentSpectrum, spectra, (i - first) * (nfft + 2), product, nfft);
        transform.inverseUnscaled(product, segment);
        int f = plan.order[i];
        int kf = tapsLengths[f];
        int own = mode.fullOffset(n, kf) + plan.delay[f];
        int from = Math.max(a, own);
        int to = Math.min(a + count + k - 1, own + mode.outputLength(n, kf));
        int o = outOffsets[f] - own;
        for (int idx = from; idx < to; idx++) {
          out[o + idx] += segment[idx - a];
        }
      }
    }
  }
}
