package io.rowconv.kernel;

/**
 * The direct method in single precision: {@link VectorFloatDirectConvolution} when the JVM has the Vector API
 * module, else a scalar float loop that sums only in-range products, in increasing tap order (also the path
 * for rows with NaN or +-Inf, as in {@link DirectKernel}). Owns the padded edge window (reused); not
 * thread-safe.
 */
final class FloatDirectKernel {

  private float[] window = new float[0];
  /** The edge outputs, computed in whole vector-loop grains and copied out. Reused across rows. */
  private float[] edgeOut = new float[0];

  static boolean allFinite(float[] a, int offset, int length) {
    if (DirectKernel.VECTORIZED) {
      return VectorFloatDirectConvolution.allFinite(a, offset, length);
    }
    float s = 0;
    for (int i = offset; i < offset + length; i++) {
      s += a[i] * 0.0f;
    }
    return s == 0.0f;
  }

  /** The scalar loop, exact in its handling of NaN/Inf: the products whose indices are in range only. */
  static void convolveRangeScalar(
      float[] signal, int signalOffset, int n,
      float[] taps, int tapsOffset, int k,
      int fullStart, int length, float[] out, int outOffset) {
    for (int t = 0; t < length; t++) {
      int i = fullStart + t;
      int jLow = Math.max(0, i - n + 1);
      int jHigh = Math.min(k - 1, i);
      float sum = 0.0f;
      for (int j = jLow; j <= jHigh; j++) {
        sum += taps[tapsOffset + j] * signal[signalOffset + i - j];
      }
      out[outOffset + t] = sum;
    }
  }

  /** Same contract as {@link DirectKernel#convolveRange} (finite taps on the vector path), in floats. */
  void convolveRange(
      float[] signal, int signalOffset, int n,
      float[] taps, int tapsOffset, int k,
      int fullStart, int length, float[] out, int outOffset) {
    if (!DirectKernel.VECTORIZED) {
      convolveRangeScalar(signal, signalOffset, n, taps, tapsOffset, k, fullStart, length, out, outOffset);
      return;
    }
    if (k == 1) {
      VectorFloatDirectConvolution.scale(signal, signalOffset + fullStart, taps[tapsOffset], length, out,
          outOffset);
      return;
    }
    // interior outputs read the signal in place, head and tail a padded copy, split at whole grains of the
    // vector loop (see DirectKernel)
    int shift = fullStart - (k - 1);
    int interiorStart = DirectKernel.interiorStart(shift, VectorFloatDirectConvolution.GRAIN);
    int interiorLength = DirectKernel.interiorLength(n, k, shift, length, interiorStart,
        VectorFloatDirectConvolution.GRAIN);
    if (interiorLength == 0) {
      convolvePadded(signal, signalOffset, n, taps, tapsOffset, k, fullStart, length, out, outOffset);
      return;
    }
    int interiorEnd = interiorStart + interiorLength;
    convolvePadded(signal, signalOffset, n, taps, tapsOffset, k, fullStart, interiorStart, out, outOffset);
    VectorFloatDirectConvolution.convolveWindow(signal, signalOffset + shift + interiorStart, taps, tapsOffset,
        k, interiorLength, out, outOffset + interiorStart);
    convolvePadded(signal, signalOffset, n, taps, tapsOffset, k, fullStart + interiorEnd, length - interiorEnd,
        out, outOffset + interiorEnd);
  }

  private void convolvePadded(
      float[] signal, int signalOffset, int n,
      float[] taps, int tapsOffset, int k,
      int fullStart, int length, float[] out, int outOffset) {
    if (length == 0) {
      return;
    }
    int grain = VectorFloatDirectConvolution.GRAIN;
    int grains = (length + grain - 1) / grain * grain; // whole grains, copied out (see DirectKernel)
    int size = grains + k - 1;
    if (window.length < size) {
      window = new float[size];
    }
    if (edgeOut.length < grains) {
      edgeOut = new float[grains];
    }
    FloatToeplitzBlockConvolution.fillWindow(window, signal, signalOffset, n, k, fullStart, size);
    VectorFloatDirectConvolution.convolveWindow(window, 0, taps, tapsOffset, k, grains, edgeOut, 0);
    System.arraycopy(edgeOut, 0, out, outOffset, length);
  }
}
