package io.rowconv.kernel;

import dev.ludovic.netlib.blas.BLAS;

/**
 * The allocation-free, reusable form of {@link Convolution} for batch use: one instance per thread (or
 * Spark task) convolves row after row into caller-owned output arrays.
 *
 * <p>Per row it reverses the taps for correlation, swaps the operands when the taps are longer than the
 * signal (the full convolution is symmetric, so only the cost changes), and computes the row with the
 * {@link Method} asked for, or the one {@link MethodChooser} picks for {@link Method#AUTO}: the direct loop,
 * Toeplitz blocks x BLAS ({@link ToeplitzBlockConvolution}; the few samples after the last whole block
 * directly), or overlap-add FFT ({@link FftConvolution}). Rows holding NaN or +-Inf go entirely through the direct loop: a block product multiplies every
 * window value by the zeros of the band, and NaN * 0 = NaN would reach outputs that scipy keeps finite.
 *
 * <p>Work buffers are owned by the instance, sized for the largest row seen so far and reused; instances
 * are not thread-safe.
 */
public final class RowConvolver {

  private final ToeplitzBlockConvolution blocks;
  private final FftConvolution fft = new FftConvolution();
  private final DirectKernel direct = new DirectKernel();
  private final MethodChooser chooser;
  /** Reversed taps for correlation. This object is reused across rows. */
  private double[] reversedTaps = new double[0];
  /** Rows computed so far with each method, indexed by {@link Method#ordinal()}. */
  private final long[] rowsByMethod = new long[Method.values().length];
  private Method lastMethod;
  /** The Toeplitz rows of a shared-taps batch. These objects are reused across batches. */
  private int[] batchOffsets = new int[0];
  private int[] batchLengths = new int[0];
  private int[] batchFullStarts = new int[0];
  private int[] batchOutputLengths = new int[0];
  private int[] batchOutOffsets = new int[0];

  /** A convolver backed by the JVM's BLAS as {@link BlasProvider} chooses it (native OpenBLAS when possible). */
  public RowConvolver() {
    this(BlasProvider.get());
  }

  /** A convolver backed by the given BLAS implementation. */
  public RowConvolver(BLAS blas) {
    this.blocks = new ToeplitzBlockConvolution(blas);
    this.chooser = MethodChooser.forBlas(blas);
  }

  /** {@link #apply(Operation, Mode, Method, double[], int, int, double[], int, int, double[], int)} with
   * {@link Method#AUTO}. */
  public int apply(
      Operation op, Mode mode,
      double[] signal, int signalOffset, int n,
      double[] taps, int tapsOffset, int k,
      double[] out, int outOffset) {
    return apply(op, mode, Method.AUTO, signal, signalOffset, n, taps, tapsOffset, k, out, outOffset);
  }

  /** The method the last row was computed with (never {@link Method#AUTO}); null before the first row. */
  public Method lastMethod() {
    return lastMethod;
  }

  /** How many rows this instance computed with {@code method} (never {@link Method#AUTO}). */
  public long rowsComputedWith(Method method) {
    return rowsByMethod[method.ordinal()];
  }

  /**
   * Computes {@code op(x, h, mode)} for {@code x = signal[signalOffset .. + n)} and
   * {@code h = taps[tapsOffset .. + k)} into {@code out[outOffset .. + mode.outputLength(n, k))}.
   *
   * @param method how to compute; rows with NaN or +-Inf always use {@link Method#DIRECT}
   * @return the number of samples written, {@code mode.outputLength(n, k)}
   * @throws IllegalArgumentException if {@code n} or {@code k} is below 1 or a range is out of bounds
   */
  public int apply(
      Operation op, Mode mode, Method method,
      double[] signal, int signalOffset, int n,
      double[] taps, int tapsOffset, int k,
      double[] out, int outOffset) {
    checkRange("signal", signal, signalOffset, n);
    checkRange("taps", taps, tapsOffset, k);
    if (n < 1 || k < 1) {
      throw new IllegalArgumentException(
          "Convolution needs non-empty operands, got signal length " + n + " and taps length " + k);
    }
    if (method == null) {
      throw new IllegalArgumentException("method must not be null");
    }
    int length = mode.outputLength(n, k);
    checkRange("out", out, outOffset, length);

    double[] g = taps;
    int gOffset = tapsOffset;
    if (op == Operation.CORRELATE) {
      g = reverse(taps, tapsOffset, k);
      gOffset = 0;
    }
    int fullStart = mode.fullOffset(n, k);
    // y_full = x * g = g * x: take the shorter operand as the taps, so blocks and transforms stay small.
    boolean swap = k > n;
    double[] u = swap ? g : signal;
    int uOffset = swap ? gOffset : signalOffset;
    int uLength = swap ? k : n;
    double[] w = swap ? signal : g;
    int wOffset = swap ? signalOffset : gOffset;
    int wLength = swap ? n : k;
    Method chosen = method != Method.AUTO ? method
        : wLength == 1 ? Method.DIRECT
        : chooser.choose(uLength, wLength, length);
    // Non-finite values: block products and transforms would spread NaN to outputs that scipy keeps finite, so
    // such rows go through the scalar loop. The vector direct loop only needs finite (short) taps: NaN or Inf
    // in the long operand reaches exactly the outputs it touches, so its n samples need no separate scan (and
    // with one tap every output is one product, exact for any value).
    boolean finite = chosen == Method.DIRECT
        ? wLength == 1 || DirectKernel.allFinite(w, wOffset, wLength)
        : DirectKernel.allFinite(u, uOffset, uLength) && DirectKernel.allFinite(w, wOffset, wLength);
    if (!finite) {
      DirectConvolution.convolveRange(signal, signalOffset, n, g, gOffset, k, fullStart, length, out, outOffset);
      record(Method.DIRECT);
      return length;
    }
    switch (chosen) {
      case DIRECT -> direct.convolveRange(
          u, uOffset, uLength, w, wOffset, wLength, fullStart, length, out, outOffset);
      case TOEPLITZ -> convolveBlocks(u, uOffset, uLength, w, wOffset, wLength, fullStart, length, out, outOffset);
      case FFT -> fft.convolveRange(u, uOffset, uLength, w, wOffset, wLength, fullStart, length, out, outOffset);
      default -> throw new AssertionError(chosen);
    }
    record(chosen);
    return length;
  }

  /**
   * {@link #apply} for {@code count} rows that share the same taps (one filter for many signals): row {@code r}
   * is {@code signals[signalOffsets[r] .. + signalLengths[r])}, its result goes to
   * {@code out[outOffsets[r] .. + mode.outputLength(signalLengths[r], k))}. The rows {@code AUTO} sends to
   * Toeplitz blocks (with the per-call cost of a product shared by the batch), or all finite rows at least as
   * long as the taps when {@code method} is TOEPLITZ, are computed by one product per block piece over as many
   * rows as fit in {@link ToeplitzBlockConvolution#SHARED_BATCH_VALUES} window values (the product stays in
   * cache; {@link ToeplitzBlockConvolution#convolveBlocksShared}); the others row by row as
   * {@link #apply} computes them. Every row meets the accuracy contract of the method that computed it; with
   * {@code AUTO} that method can differ from the one {@link #apply} would pick for the row alone (the shared
   * product makes Toeplitz cheaper), and the per-method counts say which was used.
   *
   * @throws IllegalArgumentException if {@code k} or a signal length is below 1 or a range is out of bounds
   */
  public void applySharedTaps(
      Operation op, Mode mode, Method method, int count,
      double[] signals, int[] signalOffsets, int[] signalLengths,
      double[] taps, int tapsOffset, int k,
      double[] out, int[] outOffsets) {
    checkRange("taps", taps, tapsOffset, k);
    if (k < 1 || method == null) {
      throw new IllegalArgumentException("shared taps need k >= 1 and a method, got k=" + k + ", " + method);
    }
    if (count > batchOffsets.length) {
      batchOffsets = new int[count];
      batchLengths = new int[count];
      batchFullStarts = new int[count];
      batchOutputLengths = new int[count];
      batchOutOffsets = new int[count];
    }
    double[] g = taps;
    int gOffset = tapsOffset;
    if (op == Operation.CORRELATE) {
      g = reverse(taps, tapsOffset, k); // apply() below is called with CONVOLVE, which leaves it alone
      gOffset = 0;
    }
    boolean tapsFinite = DirectKernel.allFinite(g, gOffset, k);
    int batched = 0;
    long batchValues = 0;
    for (int r = 0; r < count; r++) {
      int n = signalLengths[r];
      checkRange("signal", signals, signalOffsets[r], n);
      int length = mode.outputLength(Math.max(n, 1), k);
      checkRange("out", out, outOffsets[r], length);
      boolean toeplitz = n >= k && tapsFinite
          && (method == Method.TOEPLITZ
              || method == Method.AUTO && k > 1 && chooser.chooseShared(n, k, length) == Method.TOEPLITZ)
          && ToeplitzBlockConvolution.blockedOutputs(length, k) > 0
          && DirectKernel.allFinite(signals, signalOffsets[r], n);
      if (!toeplitz) {
        apply(Operation.CONVOLVE, mode, method, signals, signalOffsets[r], n, g, gOffset, k, out, outOffsets[r]);
        continue;
      }
      long values = ToeplitzBlockConvolution.sharedWindowValues(length, k);
      if (batched > 0 && batchValues + values > ToeplitzBlockConvolution.SHARED_BATCH_VALUES) {
        convolveSharedBatch(batched, signals, g, gOffset, k, out);
        batched = 0;
        batchValues = 0;
      }
      batchOffsets[batched] = signalOffsets[r];
      batchLengths[batched] = n;
      batchFullStarts[batched] = mode.fullOffset(n, k);
      batchOutputLengths[batched] = length;
      batchOutOffsets[batched] = outOffsets[r];
      batched++;
      batchValues += values;
    }
    if (batched > 0) {
      convolveSharedBatch(batched, signals, g, gOffset, k, out);
    }
  }

  private void convolveSharedBatch(int batched, double[] signals, double[] g, int gOffset, int k, double[] out) {
    if (batched == 1) { // a row alone (or too long to share a product): in place, without the product buffer
      convolveBlocks(signals, batchOffsets[0], batchLengths[0], g, gOffset, k, batchFullStarts[0],
          batchOutputLengths[0], out, batchOutOffsets[0]);
      record(Method.TOEPLITZ);
      return;
    }
    blocks.convolveBlocksShared(batched, signals, batchOffsets, batchLengths, g, gOffset, k, batchFullStarts,
        batchOutputLengths, out, batchOutOffsets);
    for (int b = 0; b < batched; b++) {
      int blockedOutputs = ToeplitzBlockConvolution.blockedOutputs(batchOutputLengths[b], k);
      direct.convolveRange(signals, batchOffsets[b], batchLengths[b], g, gOffset, k,
          batchFullStarts[b] + blockedOutputs, batchOutputLengths[b] - blockedOutputs, out,
          batchOutOffsets[b] + blockedOutputs);
      record(Method.TOEPLITZ);
    }
  }

  private void record(Method used) {
    rowsByMethod[used.ordinal()]++;
    lastMethod = used;
  }

  private void convolveBlocks(
      double[] u, int uOffset, int n, double[] g, int gOffset, int k,
      int fullStart, int length, double[] out, int outOffset) {
    int blocked = ToeplitzBlockConvolution.blockedOutputs(length, k);
    blocks.convolveBlocks(u, uOffset, n, g, gOffset, k, fullStart, length, out, outOffset);
    // the last partial block directly (both operands are finite here, as the vector loop needs)
    direct.convolveRange(
        u, uOffset, n, g, gOffset, k, fullStart + blocked, length - blocked, out, outOffset + blocked);
  }

  private double[] reverse(double[] taps, int offset, int k) {
    if (reversedTaps.length < k) {
      reversedTaps = new double[k];
    }
    for (int j = 0; j < k; j++) {
      reversedTaps[j] = taps[offset + k - 1 - j];
    }
    return reversedTaps;
  }

  private static void checkRange(String name, double[] a, int offset, int length) {
    checkRange(name, a == null ? -1 : a.length, offset, length);
  }

  /** The range check of every public kernel entry point; {@code arrayLength} is -1 for a null array. */
  static void checkRange(String name, int arrayLength, int offset, int length) {
    if (arrayLength < 0) {
      throw new IllegalArgumentException(name + " array is null");
    }
    if (offset < 0 || length < 0 || offset > arrayLength - length) {
      throw new IllegalArgumentException(
          name + " range [" + offset + ", " + offset + " + " + length + ") is outside an array of length "
              + arrayLength);
    }
  }

}
