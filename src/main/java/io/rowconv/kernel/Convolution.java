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

  private static final ThreadLocal<SinglePrecisionConvolver> SINGLE_CONVOLVERS =
      ThreadLocal.withInitial(SinglePrecisionConvolver::new);

  /** One reusable convolver per thread for the allocating methods above (they are often called in loops). */
  private static final ThreadLocal<RowConvolver> CONVOLVERS = ThreadLocal.withInitial(RowConvolver::new);

  /** A reusable, allocation-free convolver for batch use (one per thread). */
  public static RowConvolver newConvolver() {
    return new RowConvolver();
  }

  /** The FFT library the FFT method runs on in this JVM (FFTW, or JTransforms and why), for logs. */
  public static String fftLibrary() {
    return FftConvolution.description();
  }
}
