package io.rowconv.kernel;

/**
 * The plain O(n*k) convolution loop: the reference every other path is tested against, and the path
 * for rows where a block product cannot pay off or would change results (non-finite values).
 *
 * <p>It sums only the products whose indices are in range, in increasing tap order, exactly as
 * scipy's direct method does; so NaN and Inf reach exactly the outputs they reach in scipy.
 */
public final class DirectConvolution {

  private DirectConvolution() {}

  /**
   * Writes {@code length} samples of the full convolution of {@code signal} with {@code taps},
   * starting at full-convolution index {@code fullStart}, to {@code out[outOffset ..]}.
   *
   * <p>Unchecked: the caller guarantees {@code n, k >= 1}, that the requested samples lie within
   * {@code [0, n + k - 1)} and that every array range is in bounds.
   */
  public static void convolveRange(
      double[] signal, int signalOffset, int n,
      double[] taps, int tapsOffset, int k,
      int fullStart, int length,
      double[] out, int outOffset) {
    for (int t = 0; t < length; t++) {
      int i = fullStart + t;
      // y[i] = sum_j h[j] * x[i - j] over the j for which both indices are in range.
      int jLow = Math.max(0, i - n + 1);
      int jHigh = Math.min(k - 1, i);
      double sum = 0.0;
      for (int j = jLow; j <= jHigh; j++) {
        sum += taps[tapsOffset + j] * signal[signalOffset + i - j];
      }
      out[outOffset + t] = sum;
    }
  }

  /** Allocating convenience form of {@link #convolveRange}: the given mode of {@code convolve(x, h)}. */
  public static double[] convolve(double[] x, double[] h, Mode mode) {
    double[] out = new double[RowArguments.outputLength(Operation.CONVOLVE, mode, Method.DIRECT,
        RowArguments.lengthOf(x), RowArguments.lengthOf(h))];
    int n = x.length;
    int k = h.length;
    convolveRange(x, 0, n, h, 0, k, mode.fullOffset(n, k), out.length, out, 0);
    return out;
  }
}
