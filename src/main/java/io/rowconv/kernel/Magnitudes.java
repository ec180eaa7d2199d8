package io.rowconv.kernel;

/**
 * The operands' magnitudes, and what they tell about a row's result before it is computed: whether a result
 * computed from finite operands could overflow (and so hold +-Inf or NaN, as scipy's would) or cannot.
 *
 * <p>For finite operands every output is bounded: {@code |y_i| <= sum_j |h_j| |x_(i-j)| <= min(n, k) * max|x|
 * * max|h|} = B. The direct loop's and the Toeplitz blocks' partial sums stay within B times a rounding factor
 * (at most {@code (1 + 2^-53)^k} in double, {@code (1 + 2^-24)^k <= e^3} in float for {@code k <= 5e7}); the FFT
 * path's intermediate values stay within {@code N^2 * B} for its transform size {@code N <= 2^16} (a spectrum
 * is at most N times its input's largest value, and the inverse is scaled by 1/N only at the end). So a row
 * with {@code B <= 2^-34 * Double.MAX_VALUE} (about 1e298) cannot overflow in double, nor a single-precision
 * row with {@code B <= 2^-8 * Float.MAX_VALUE}; only rows above those (values near the type's limits) need
 * their result checked.
 */
public final class Magnitudes {

  /** Largest bound B (class comment) at which no method can overflow, in double and in float. */
  static final double SAFE_DOUBLE = 0x1p-34 * Double.MAX_VALUE;
  static final double SAFE_FLOAT = 0x1p-8 * Float.MAX_VALUE;

  private Magnitudes() {}

  /** max |a_i| over {@code a[offset .. + length)}: NaN if an element is NaN, +Inf if one is infinite. */
  public static double maxAbs(double[] a, int offset, int length) {
    if (DirectKernel.VECTORIZED) {
      return VectorDirectConvolution.maxAbs(a, offset, length);
    }
    double m = 0;
    for (int i = offset; i < offset + length; i++) {
      m = Math.max(m, Math.abs(a[i]));
    }
    return m;
  }

  /** {@link #maxAbs(double[], int, int)} for floats. */
  public static double maxAbs(float[] a, int offset, int length) {
    if (DirectKernel.VECTORIZED) {
      return VectorFloatDirectConvolution.maxAbs(a, offset, length);
    }
    float m = 0;
    for (int i = offset; i < offset + length; i++) {
      m = Math.max(m, Math.abs(a[i]));
    }
    return m;
  }

  /**
   * Whether {@code op(x, h)} of finite operands with these lengths and largest magnitudes could overflow in
   * the given precision (see the class comment); false means every method gives a finite result.
   */
  public static boolean resultMayOverflow(int n, int k, double maxSignal, double maxTaps, boolean single) {
    double bound = Math.min(n, k) * maxSignal * maxTaps;
    return !(bound <= (single ? SAFE_FLOAT : SAFE_DOUBLE));
  }

  /**
   * {@link #resultMayOverflow} for a 2-D row, {@code values} the smaller operand's count of values and the
   * magnitudes those of the image as the boundary extends it (its fill value included) and of the kernel. The
   * 2-D transform's plane holds up to 2^31 values, so its intermediate values stay within 2^62 times the
   * bound: rows with {@code values * max|x| * max|h| <= 2^-64 * Double.MAX_VALUE} cannot overflow.
   */
  public static boolean resultMayOverflow2d(long values, double maxImage, double maxKernel) {
    return !(values * maxImage * maxKernel <= SAFE_DOUBLE_2D);
  }

  static final double SAFE_DOUBLE_2D = 0x1p-64 * Double.MAX_VALUE;

  /** Index of the first NaN or +-Inf in {@code a[offset .. + length)}, relative to offset; -1 if none. */
  public static int firstNonFinite(double[] a, int offset, int length) {
    for (int i = 0; i < length; i++) {
      if (!Double.isFinite(a[offset + i])) {
        return i;
      }
    }
    return -1;
  }

  /** {@link #firstNonFinite(double[], int, int)} for floats. */
  public static int firstNonFinite(float[] a, int offset, int length) {
    for (int i = 0; i < length; i++) {
      if (!Float.isFinite(a[offset + i])) {
        return i;
      }
    }
    return -1;
  }
}
