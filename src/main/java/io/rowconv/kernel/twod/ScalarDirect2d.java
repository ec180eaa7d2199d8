package io.rowconv.kernel.twod;

/**
 * The direct method's loop without the Vector API: {@code out[t] = sum_u weight_u * src[offset_u + t]} for
 * {@code t < length} over every tap of {@link Taps2d} in kernel-row, then kernel-column order, from +0.0: the
 * order of scipy's loop for convolution, so its sums round as scipy's do. Every product of a window is summed,
 * fill cells included, so NaN and Inf reach exactly the outputs they reach in scipy.
 */
final class ScalarDirect2d {

  private ScalarDirect2d() {}

  static void convolve(double[] src, Taps2d taps, int length, double[] out, int outOffset) {
    int count = taps.count;
    double[] weights = taps.weights;
    int[] offsets = taps.offsets;
    for (int t = 0; t < length; t++) {
      double sum = 0.0;
      for (int u = 0; u < count; u++) {
        sum += src[offsets[u] + t] * weights[u];
      }
      out[outOffset + t] = sum;
    }
  }
}
