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
 * <h2>Filters prepared once</h2>
 *
 * When rows share their taps (one filter for all rows, or filters looked up by key), the taps' prepared form
 * (the spectrum at the row's FFT size, or the Toeplitz block) is kept in a bounded cache keyed by the taps'
 * content ({@link PreparedCache}: a hash picks the entry, an exact comparison of every tap makes the hit) and
 * reused instead of recomputed; callers see the same {@code apply}. A filter is cached from its second row on,
 * so rows that each bring their own taps pay only the hash (about 0.3 ns per tap against the tens of
 * nanoseconds per tap of a transform). Results are bit for bit the same with and without the cache (the same
 * FFT size and plan, the same block). Direct rows (nothing to prepare) and rows whose taps are longer than the
 * signal (the signal then plays the taps) do not use it. The bound is {@link #PREPARED_CACHE_BYTES_DEFAULT}
 * unless given.
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
  /** Bound of the prepared-filter cache unless a constructor says otherwise (see {@link PreparedCache}). */
  public static final long PREPARED_CACHE_BYTES_DEFAULT = PreparedCache.DEFAULT_CAPACITY_BYTES;

  private final PreparedCache<PreparedTaps> prepared;
  /** The probe looking the row's taps up in {@link #prepared}. This object is reused across rows. */
  private final PreparedCache.ContentKey probe = new PreparedCache.ContentKey();
  private static final int[] NO_INTS = new int[0];
  /** A prepared form computed for one row only (taps not cached). This object is reused across rows. */
  private double[] scratchForm = new double[0];
  /** Rows computed so far with each method, indexed by {@link Method#ordinal()}. */
  private final long[] rowsByMethod = new long[Method.values().length];
  private Method lastMethod;

  /** A convolver backed by the JVM's BLAS as {@link BlasProvider} chooses it (native OpenBLAS when possible). */
  public RowConvolver() {
    this(BlasProvider.get());
  }

  /** A convolver backed by the given BLAS implementation. */
  public RowConvolver(BLAS blas) {
    this(blas, PREPARED_CACHE_BYTES_DEFAULT);
  }

  /**
   * A convolver backed by the given BLAS whose prepared-filter cache holds at most {@code preparedCacheBytes}
   * bytes (0: no cache, every row prepares its taps anew).
   */
  public RowConvolver(BLAS blas, long preparedCacheBytes) {
    this.blocks = new ToeplitzBlockConvolution(blas);
    this.chooser = MethodChooser.forBlas(blas);
    this.prepared = new PreparedCache<>(preparedCacheBytes);
  }

  /** Rows whose taps' prepared form came from the cache (for logs and tests). */
  public long preparedFilterHits() {
    return prepared.hits();
  }

  /** Bytes held by the prepared-filter cache now. */
  public long preparedFilterBytes() {
    return prepared.bytes();
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
   * @throws IllegalArgumentException if an argument is null, {@code n} or {@code k} is below 1 or a range is out
   *     of bounds
   */
  public int apply(
      Operation op, Mode mode, Method method,
      double[] signal, int signalOffset, int n,
      double[] taps, int tapsOffset, int k,
      double[] out, int outOffset) {
    int length = RowArguments.check(op, mode, method, RowArguments.lengthOf(signal), signalOffset, n,
        RowArguments.lengthOf(taps), tapsOffset, k, RowArguments.lengthOf(out), outOffset);

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
    Method chosen = chooser.pick(method, uLength, wLength, length);
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
    // the taps' prepared form is worth caching when the taps are the filter (not the swapped-in signal)
    PreparedTaps entry = !swap && chosen != Method.DIRECT && prepared.enabled() ? lookUp(w, wOffset, wLength) : null;
    switch (chosen) {
      case DIRECT -> direct.convolveRange(
          u, uOffset, uLength, w, wOffset, wLength, fullStart, length, out, outOffset);
      case TOEPLITZ -> convolveBlocks(u, uOffset, uLength, w, wOffset, wLength, fullStart, length, out, outOffset,
          entry);
      case FFT -> convolveFft(u, uOffset, uLength, w, wOffset, wLength, fullStart, length, out, outOffset, entry);
      default -> throw new AssertionError(chosen);
    }
    record(chosen);
    return length;
  }

  private void record(Method used) {
    rowsByMethod[used.ordinal()]++;
    lastMethod = used;
  }

  /** The cached entry of taps {@code g[offset .. + k)}, created on their second sighting; null otherwise. */
  private PreparedTaps lookUp(double[] g, int offset, int k) {
    probe.set(NO_INTS, 0, g, offset, k);
    PreparedTaps entry = prepared.get(probe);
    if (entry == null && prepared.seenBefore(probe.hash())) {
      entry = new PreparedTaps(probe.bytes());
      if (!prepared.put(probe, entry)) {
        entry = null;
      }
    }
    return entry;
  }

  private double[] scratchForm(int size) {
    if (scratchForm.length < size) {
      scratchForm = new double[size];
    }
    return scratchForm;
  }

  /** Overlap-add FFT with the taps' spectrum from the cache entry, added to it, or computed for this row only. */
  private void convolveFft(double[] u, int uOffset, int n, double[] g, int gOffset, int k,
      int fullStart, int length, double[] out, int outOffset, PreparedTaps entry) {
    int nfft = FftConvolution.fftSize(n, k);
    double[] spectrum = entry == null ? null : entry.spectrum(nfft);
    if (spectrum == null) {
      boolean keep = entry != null && entry.hasRoomForSpectrum()
          && entry.bytes() + 8L * (nfft + 2) <= prepared.capacityBytes();
      if (keep) {
        prepared.makeRoom(entry, 8L * (nfft + 2) + 16);
      }
      spectrum = keep ? prepared.allocate(nfft + 2) : scratchForm(nfft + 2);
      fft.transformTaps(g, gOffset, k, nfft, spectrum);
      if (keep) {
        prepared.grew(entry, entry.addSpectrum(nfft, spectrum));
      }
    }
    fft.convolvePrepared(u, uOffset, n, k, spectrum, nfft, fullStart, length, out, outOffset);
  }

  private void convolveBlocks(
      double[] u, int uOffset, int n, double[] g, int gOffset, int k,
      int fullStart, int length, double[] out, int outOffset, PreparedTaps entry) {
    int blocked = ToeplitzBlockConvolution.blockedOutputs(length, k);
    if (blocked > 0) {
      double[] block = entry == null ? null : entry.block();
      if (block == null) {
        int size = ToeplitzBlockConvolution.blockSize(k);
        boolean keep = entry != null && entry.bytes() + 8L * size <= prepared.capacityBytes();
        if (keep) {
          prepared.makeRoom(entry, 8L * size + 16);
        }
        block = keep ? prepared.allocate(size) : scratchForm(size);
        ToeplitzBlockConvolution.buildBlock(g, gOffset, k, block);
        if (keep) {
          prepared.grew(entry, entry.setBlock(block));
        }
      }
      blocks.convolvePrepared(u, uOffset, n, k, block, fullStart, length, out, outOffset);
    }
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
}
