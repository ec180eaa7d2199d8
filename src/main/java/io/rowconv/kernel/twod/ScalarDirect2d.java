package io.rowconv.kernel.twod;

/**
 * One output row of the direct method, scalar: the same contract as {@link VectorDirect2d#convolveRow} for
 * outputs {@code [from, to)}. Sums in scipy's order for convolution (kernel rows, then kernel columns, from
 * +0.0), every product of the window, fill cells included, so NaN and Inf reach exactly the outputs they
 * reach in scipy. The path without the Vector API, and the vector loop's tail.
 */
final class ScalarDirect2d {

  private ScalarDirect2d() {}

  static void convolveRow(double[] src, int[] rowOffsets, double[] g, int gOffset, int kRows, int kCols,
      int from, int to, double[] out, int outOffset) {
    for (int t = from; t < to; t++) {
      double sum = 0.0;
      for (int j = 0; j < kRows; j++) {
        int base = rowOffsets[j] + t + kCols - 1;
        int taps = gOffset + j * kCols;
        for (int k = 0; k < kCols; k++) {
          sum += src[base - k] * g[taps + k];
        }
      }
      out[outOffset + t] = sum;
    }
  }
}
