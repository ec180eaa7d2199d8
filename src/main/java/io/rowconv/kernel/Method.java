package io.rowconv.kernel;

import java.util.Locale;

/**
 * How a row is computed. All methods give scipy's results; they differ in cost and in rounding.
 *
 * <ul>
 *   <li>{@link #DIRECT}: the plain O(n*k) loop; best for tiny taps.
 *   <li>{@link #TOEPLITZ}: small Toeplitz blocks x BLAS dgemm, O(n*k) at BLAS speed. For a filter bank
 *       ({@link FilterBankConvolver}): one dgemm of the signal's windows against all of a group's filters.
 *   <li>{@link #FFT}: overlap-add FFT convolution, O(n log k); best for long taps. Its rounding error is
 *       bounded relative to {@code sum|h| * max|x|} (see {@link FftConvolution}), not per output sample.
 *   <li>{@link #AUTO}: a cost model picks one of the above from (n, k) ({@link MethodChooser}).
 * </ul>
 *
 * Rows holding NaN or +-Inf are always computed with {@link #DIRECT}, so that non-finite values reach exactly
 * the outputs they reach in scipy's direct method, whatever the method asked for.
 */
public enum Method {
  AUTO,
  DIRECT,
  TOEPLITZ,
  FFT;

  /** Parses {@code auto}, {@code direct}, {@code toeplitz} or {@code fft} (any case). */
  public static Method parse(String text) {
    return EnumNames.parse(Method.class, text, "method");
  }

  /** The lower-case name used on the command line and in configuration. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
