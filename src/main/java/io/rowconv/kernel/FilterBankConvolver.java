package io.rowconv.kernel;

import dev.ludovic.netlib.blas.BLAS;

/**
 * One signal against a bank of filters: {@code op(x, h_f, mode)} for every filter {@code f}, in filter order,
 * with the same operation and mode for all; the allocation-free, reusable form for batch use (one instance per
 * thread or Spark task), in the style of {@link RowConvolver}. Every result equals what {@link RowConvolver}
 * gives for that filter alone, within the same accuracy contract; the bank is faster because its filters share
 * work:
 *
 * <ul>
 *   <li>Filters of similar length form groups, padded with zeros to the group's longest ({@link BankPlan} says
 *       how and why); per group a cost model ({@link BankMethodChooser}) picks, for {@link Method#AUTO}, the
 *       SIMD direct loop two filters per loaded vector, one block product of the signal's windows against all
 *       the group's filters ({@link Method#TOEPLITZ}), or overlap-add FFT with one forward transform per
 *       segment for all filters ({@link BankKernels}).
 *   <li>Computed one at a time by the 1-D kernel, exactly as {@link RowConvolver} computes them: filters with
 *       NaN or +-Inf (the scalar loop, scipy's propagation; other filters of the bank are not affected), every
 *       filter when the signal holds NaN or +-Inf, groups whose length exceeds the signal's (the 1-D kernel swaps
 *       the operands there), and groups of one filter.
 * </ul>
 *
 * <p>Filters prepared once: a bank's plan and prepared forms (padded taps, stacked matrix, spectra) are kept
 * in a cache keyed by the bank's content (all taps, lengths, operation and mode; {@link PreparedCache}), so
 * rows that use the same bank prepare it once; a bank is cached from its second row on.
 *
 * <p>Output ranges must not overlap each other or the inputs. Work buffers are owned by the instance and reused;
 * instances are not thread-safe.
 */
public final class FilterBankConvolver {

  private final RowConvolver single;
  private final BankKernels kernels;
  private final BankMethodChooser chooser;
  private final PreparedCache<BankPlan> plans;
  /** The plan of a bank not (yet) cached. This object is reused across rows. */
  private final BankPlan scratch = new BankPlan();
  private final PreparedCache.ContentKey probe = new PreparedCache.ContentKey();
  /** The bank's taps end to end and its key integers, for {@link #probe}. Reused across rows. */
  private double[] gathered = new double[0];
  private int[] keyInts = new int[0];
  /** The method each filter of the last bank was computed with. This object is reused across rows. */
  private Method[] lastMethods = new Method[0];

  /** A bank convolver on the JVM's BLAS ({@link BlasProvider}) with the default cache bound. */
  public FilterBankConvolver() {
    this(BlasProvider.get(), RowConvolver.PREPARED_CACHE_BYTES_DEFAULT);
  }

  /**
   * A bank convolver on the given BLAS whose prepared-bank cache (and the cache of the 1-D convolver it uses
   * for single filters) holds at most {@code preparedCacheBytes} bytes each; 0 turns caching off.
   */
  public FilterBankConvolver(BLAS blas, long preparedCacheBytes) {
    this.single = new RowConvolver(blas, preparedCacheBytes);
    this.kernels = new BankKernels(blas);
    this.chooser = BankMethodChooser.forBlas(blas);
    this.plans = new PreparedCache<>(preparedCacheBytes);
  }

  /** The method filter {@code f} of the last bank was computed with (never {@link Method#AUTO}). */
  public Method lastMethod(int f) {
    return lastMethods[f];
  }

  /** Rows whose bank plan came from the cache. */
  public long preparedBankHits() {
    return plans.hits();
  }

  /**
   * Computes {@code op(x, h_f, mode)} for {@code x = signal[signalOffset .. + n)} and each filter
   * {@code f < filters}, {@code h_f = taps[tapsOffsets[f] .. + tapsLengths[f])}, into
   * {@code out[outOffsets[f] .. + mode.outputLength(n, tapsLengths[f]))}.
   *
   * @param method how to compute ({@link Method#TOEPLITZ}: the block product); rows and filters with NaN or
   *     +-Inf always use {@link Method#DIRECT}
   * @return the number of samples written over all filters
   * @throws IllegalArgumentException if an argument is null, {@code n} or a filter's length is below 1, an index
   *     array has fewer than {@code filters} entries or a range is out of bounds
   */
  public long apply(Operation op, Mode mode, Method method,
      double[] signal, int signalOffset, int n,
      double[] taps, int[] tapsOffsets, int[] tapsLengths, int filters,
      double[] out, int[] outOffsets) {
    long total = RowArguments.checkBank(op, mode, method, RowArguments.lengthOf(signal), signalOffset, n,
        RowArguments.lengthOf(taps), tapsOffsets, tapsLengths, filters, RowArguments.lengthOf(out), outOffsets);
    if (filters == 0) {
      return 0;
    }
    if (lastMethods.length < filters) {
      lastMethods = new Method[filters];
    }
    if (!DirectKernel.allFinite(signal, signalOffset, n)) {
      for (int f = 0; f < filters; f++) {
        one(op, mode, method, signal, signalOffset, n, taps, tapsOffsets, tapsLengths, f, out, outOffsets);
      }
      return total;
    }
    BankPlan plan = plan(op, mode, taps, tapsOffsets, tapsLengths, filters);
    for (int f = 0; f < filters; f++) {
      if (!plan.finite[f]) {
        one(op, mode, method, signal, signalOffset, n, taps, tapsOffsets, tapsLengths, f, out, outOffsets);
      }
    }
    for (int g = 0; g < plan.groups; g++) {
      int k = plan.groupLength[g];
      int size = plan.groupSize(g);
      if (k > n || size == 1) {
        for (int i = plan.groupStart[g]; i < plan.groupStart[g + 1]; i++) {
          one(op, mode, method, signal, signalOffset, n, taps, tapsOffsets, tapsLengths, plan.order[i], out,
              outOffsets);
        }
        continue;
      }
      // the group's outputs: the union of its filters' ranges, at padded-convolution indices
      int start = Integer.MAX_VALUE;
      int end = 0;
      for (int i = plan.groupStart[g]; i < plan.groupStart[g + 1]; i++) {
        int f = plan.order[i];
        int first = mode.fullOffset(n, tapsLengths[f]) + plan.delay[f];
        start = Math.min(start, first);
        end = Math.max(end, first + mode.outputLength(n, tapsLengths[f]));
      }
      int span = end - start;
      Method chosen = chooser.pick(method, size, k, n, span);
      if (chosen == Method.DIRECT && !DirectKernel.VECTORIZED) {
        for (int i = plan.groupStart[g]; i < plan.groupStart[g + 1]; i++) {
          one(op, mode, Method.DIRECT, signal, signalOffset, n, taps, tapsOffsets, tapsLengths, plan.order[i], out,
              outOffsets);
        }
        continue;
      }
      switch (chosen) {
        case DIRECT -> kernels.direct(plan, g, mode, signal, signalOffset, n, tapsLengths, start, span, out,
            outOffsets);
        case TOEPLITZ -> {
          grew(plan, plan.ensureStack(g));
          kernels.blocks(plan, g, mode, signal, signalOffset, n, tapsLengths, start, span, out, outOffsets);
        }
        case FFT -> {
          int nfft = BankMethodChooser.fftSize(n, k, size);
          grew(plan, plan.ensureSpectra(g, nfft, kernels.fft()));
          kernels.fft(plan, g, nfft, mode, signal, signalOffset, n, tapsLengths, start, span, out, outOffsets);
        }
        default -> throw new AssertionError(chosen);
      }
      for (int i = plan.groupStart[g]; i < plan.groupStart[g + 1]; i++) {
        lastMethods[plan.order[i]] = chosen;
      }
    }
    return total;
  }

  /** Filter f alone, through the 1-D kernel. */
  private void one(Operation op, Mode mode, Method method, double[] signal, int signalOffset, int n,
      double[] taps, int[] tapsOffsets, int[] tapsLengths, int f, double[] out, int[] outOffsets) {
    single.apply(op, mode, method, signal, signalOffset, n, taps, tapsOffsets[f], tapsLengths[f], out,
        outOffsets[f]);
    lastMethods[f] = single.lastMethod();
  }

  private void grew(BankPlan plan, long added) {
    if (plan != scratch && added != 0 && !plans.grew(plan, added)) {
      plans.refuse(probe.hash());
    }
  }

  /** The bank's plan: from the cache, stored there on the bank's second sighting, or rebuilt in scratch. */
  private BankPlan plan(Operation op, Mode mode, double[] taps, int[] tapsOffsets, int[] tapsLengths,
      int filters) {
    if (!plans.enabled()) {
      scratch.build(op, mode, taps, tapsOffsets, tapsLengths, filters, 0);
      return scratch;
    }
    int count = filters + 3;
    if (keyInts.length < count) {
      keyInts = new int[count];
    }
    keyInts[0] = op.ordinal();
    keyInts[1] = mode.ordinal();
    keyInts[2] = filters;
    int values = 0;
    for (int f = 0; f < filters; f++) {
      keyInts[3 + f] = tapsLengths[f];
      values += tapsLengths[f];
    }
    if (gathered.length < values) {
      gathered = new double[values];
    }
    int at = 0;
    for (int f = 0; f < filters; f++) {
      System.arraycopy(taps, tapsOffsets[f], gathered, at, tapsLengths[f]);
      at += tapsLengths[f];
    }
    probe.set(keyInts, count, gathered, 0, values);
    BankPlan plan = plans.get(probe);
    if (plan != null) {
      return plan;
    }
    if (plans.seenBefore(probe.hash())) {
      plan = new BankPlan();
      plan.build(op, mode, taps, tapsOffsets, tapsLengths, filters, probe.bytes());
      if (plans.put(probe, plan)) {
        return plan;
      }
      plans.refuse(probe.hash());
    }
    scratch.build(op, mode, taps, tapsOffsets, tapsLengths, filters, 0);
    return scratch;
  }
}
