package io.rowconv.kernel;

/**
 * The library's front door, with no Spark anywhere: {@code scipy.signal.convolve} and
 * {@code scipy.signal.correlate} for real 1-D arrays, computed as Toeplitz blocks x BLAS.
 *
 * <pre>{@code
 * double[] y = Convolution.convolve(new double[] {0, 0, 1, 0, 0, 2, 0, 0, 0},
 *                                   new double[] {0, 1, 2, 0}, Mode.SAME);
 * // y = [0, 0, 1, 2, 0, 2, 4, 0, 0]
 * }</pre>
 *
 * <p>These methods allocate their result (work buffers are kept per thread). For many rows, use one
 * {@link RowConvolver} per thread ({@link #newConvolver()}): it writes into caller-owned arrays.
 *
 * <p>{@link Method#AUTO} (the default) picks direct, Toeplitz-block or FFT per row from its shape.
 *
 * <p>Filter banks ({@link #convolveBank}, {@link #correlateBank}): one signal against several filters, one
 * result per filter, computed together ({@link FilterBankConvolver}); each result is what {@link #convolve}
 * gives for that filter alone, within the same accuracy contract.
 *
 * <p>Accuracy: with the direct and Toeplitz methods every output sample is within
 * {@code 1e-12 * sum_j |h_j x_(i-j)|} of the exact value; the FFT method's error is bounded by
 * {@code 1e-12 * sum_j |h_j| * max_i |x_i|} (see {@link Method#FFT}).
 * NaN and +-Inf propagate as scipy's direct method propagates them (only to the outputs they touch).
 */
public final class Convolution {

  private Convolution() {}

  /** {@code scipy.signal.convolve(x, h, mode)}. */
  public static double[] convolve(double[] x, double[] h, Mode mode) {
    return apply(Operation.CONVOLVE, x, h, mode);
  }

  /** {@code scipy.signal.correlate(x, h, mode)}. */
  public static double[] correlate(double[] x, double[] h, Mode mode) {
    return apply(Operation.CORRELATE, x, h, mode);
  }

  /** {@code scipy.signal.convolve(x, h, mode)} computed with the given method ({@link Method#AUTO} chooses). */
  public static double[] convolve(double[] x, double[] h, Mode mode, Method method) {
    return apply(Operation.CONVOLVE, x, h, mode, method);
  }

  /** {@code scipy.signal.correlate(x, h, mode)} computed with the given method. */
  public static double[] correlate(double[] x, double[] h, Mode mode, Method method) {
    return apply(Operation.CORRELATE, x, h, mode, method);
  }

  /** {@code op(x, h, mode)}. */
  public static double[] apply(Operation op, double[] x, double[] h, Mode mode) {
    return apply(op, x, h, mode, Method.AUTO);
  }

  /** {@code op(x, h, mode)} computed with the given method. */
  public static double[] apply(Operation op, double[] x, double[] h, Mode mode, Method method) {
    double[] out = new double[RowArguments.outputLength(op, mode, method, RowArguments.lengthOf(x),
        RowArguments.lengthOf(h))];
    CONVOLVERS.get().apply(op, mode, method, x, 0, x.length, h, 0, h.length, out, 0);
    return out;
  }

  /**
   * {@code op(x, h, mode)} on float32 arrays computed in single precision (BLAS sgemm for Toeplitz blocks), as
   * scipy computes float32 inputs; accuracy as {@link SinglePrecisionConvolver} states.
   */
  public static float[] apply(Operation op, float[] x, float[] h, Mode mode, Method method) {
    float[] out = new float[RowArguments.outputLength(op, mode, method, RowArguments.lengthOf(x),
        RowArguments.lengthOf(h))];
    SINGLE_CONVOLVERS.get().apply(op, mode, method, x, 0, x.length, h, 0, h.length, out, 0);
    return out;
  }

  /** {@code scipy.signal.convolve(x, h, mode)} for float32 arrays, in single precision. */
  public static float[] convolve(float[] x, float[] h, Mode mode) {
    return apply(Operation.CONVOLVE, x, h, mode, Method.AUTO);
  }

  /** {@code scipy.signal.correlate(x, h, mode)} for float32 arrays, in single precision. */
  public static float[] correlate(float[] x, float[] h, Mode mode) {
    return apply(Operation.CORRELATE, x, h, mode, Method.AUTO);
  }

  /** {@code [scipy.signal.convolve(x, h, mode) for h in filters]}, computed as a bank. */
  public static double[][] convolveBank(double[] x, double[][] filters, Mode mode) {
    return applyBank(Operation.CONVOLVE, x, filters, mode, Method.AUTO);
  }

  /** {@code [scipy.signal.correlate(x, h, mode) for h in filters]}, computed as a bank. */
  public static double[][] correlateBank(double[] x, double[][] filters, Mode mode) {
    return applyBank(Operation.CORRELATE, x, filters, mode, Method.AUTO);
  }

  /**
   * {@code op(x, h, mode)} for each filter {@code h} of {@code filters}, in order, computed as a bank with the
   * given method ({@link FilterBankConvolver}); filters may differ in length.
   */
  public static double[][] applyBank(Operation op, double[] x, double[][] filters, Mode mode, Method method) {
    if (filters == null) {
      throw new IllegalArgumentException("filters must not be null");
    }
    int count = filters.length;
    int[] tapsOffsets = new int[count];
    int[] tapsLengths = new int[count];
    int[] outOffsets = new int[count];
    int n = RowArguments.lengthOf(x);
    int values = 0;
    long outputs = 0;
    for (int f = 0; f < count; f++) {
      if (filters[f] == null) {
        throw new IllegalArgumentException("filter " + f + " is null");
      }
      tapsOffsets[f] = values;
      tapsLengths[f] = filters[f].length;
      values += filters[f].length;
      // a checked length (null or empty signal, empty filter: the messages of the one-filter door)
      outputs += filters[f].length == 0 ? 0
          : RowArguments.outputLength(op, mode, method, n, filters[f].length);
    }
    if (outputs > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("the bank's " + outputs + " output samples do not fit one Java array");
    }
    double[] taps = new double[values];
    for (int f = 0; f < count; f++) {
      System.arraycopy(filters[f], 0, taps, tapsOffsets[f], tapsLengths[f]);
    }
    double[] out = new double[(int) outputs];
    int at = 0;
    for (int f = 0; f < count; f++) {
      outOffsets[f] = at;
      at += tapsLengths[f] == 0 ? 0 : mode.outputLength(n, tapsLengths[f]);
    }
    BANK_CONVOLVERS.get().apply(op, mode, method, x, 0, n, taps, tapsOffsets, tapsLengths, count, out,
        outOffsets);
    double[][] results = new double[count][];
    for (int f = 0; f < count; f++) {
      results[f] = java.util.Arrays.copyOfRange(out, outOffsets[f], outOffsets[f] + mode.outputLength(n,
          tapsLengths[f]));
    }
    return results;
  }

  /** A reusable, allocation-free bank convolver for batch use (one per thread). */
  public static FilterBankConvolver newBankConvolver() {
    return new FilterBankConvolver();
  }

  /**
   * Per-thread convolvers of the allocating doors keep a smaller prepared-filter cache than a task's own
   * convolver: they live as long as their thread, and the doors are for convenience, not bulk work.
   */
  private static final long DOOR_CACHE_BYTES = 8L << 20;

  private static final ThreadLocal<FilterBankConvolver> BANK_CONVOLVERS =
      ThreadLocal.withInitial(() -> new FilterBankConvolver(BlasProvider.get(), DOOR_CACHE_BYTES));

  private static final ThreadLocal<SinglePrecisionConvolver> SINGLE_CONVOLVERS =
      ThreadLocal.withInitial(SinglePrecisionConvolver::new);

  /** One reusable convolver per thread for the allocating methods above (they are often called in loops). */
  private static final ThreadLocal<RowConvolver> CONVOLVERS =
      ThreadLocal.withInitial(() -> new RowConvolver(BlasProvider.get(), DOOR_CACHE_BYTES));

  /** A reusable, allocation-free convolver for batch use (one per thread). */
  public static RowConvolver newConvolver() {
    return new RowConvolver();
  }

  /** The FFT library the FFT method runs on in this JVM (FFTW, or JTransforms and why), for logs. */
  public static String fftLibrary() {
    return FftConvolution.description();
  }
}
