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
 * <p>These methods allocate their result and work buffers per call. For many rows, use one
 * {@link RowConvolver} per thread ({@link #newConvolver()}): it reuses its buffers and writes into
 * caller-owned arrays.
 *
 * <p>Accuracy: every output sample is within {@code 1e-12 * sum_j |h_j x_(i-j)|} of the exact value.
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

  /** {@code op(x, h, mode)}. */
  public static double[] apply(Operation op, double[] x, double[] h, Mode mode) {
    checkOperands(x, h);
    if (op == null || mode == null) {
      throw new IllegalArgumentException("op and mode must not be null");
    }
    double[] out = new double[mode.outputLength(x.length, h.length)];
    newConvolver().apply(op, mode, x, 0, x.length, h, 0, h.length, out, 0);
    return out;
  }

  /** A reusable, allocation-free convolver for batch use (one per thread). */
  public static RowConvolver newConvolver() {
    return new RowConvolver();
  }

  static void checkOperands(double[] x, double[] h) {
    if (x == null || h == null) {
      throw new IllegalArgumentException("signal and taps must not be null");
    }
    if (x.length == 0 || h.length == 0) {
      throw new IllegalArgumentException(
          "signal and taps must not be empty (scipy raises too), got lengths " + x.length + " and " + h.length);
    }
  }
}
