package io.rowconv.kernel;

import dev.ludovic.netlib.blas.BLAS;

/**
 * {@link ToeplitzBlockConvolution} in single precision: the same blocks, windows and index arithmetic (see
 * there), with {@code float} buffers multiplied by BLAS {@code sgemm}, which moves half the bytes and does
 * twice the flops per instruction of {@code dgemm}.
 *
 * <p>Instances own their work buffers and reuse them across rows; not thread-safe.
 */
final class FloatToeplitzBlockConvolution {

  private final BLAS blas;
  /** Column-major L x (C*L) Toeplitz block. This object is reused across rows. */
  private float[] block = new float[0];
  /** The padded signal window the sgemm reads in place. This object is reused across rows. */
  private float[] window = new float[0];

  FloatToeplitzBlockConvolution(BLAS blas) {
    this.blas = blas;
  }

  /**
   * Writes {@code ToeplitzBlockConvolution.blockedOutputs(length, k)} samples of the full convolution,
   * starting at full index {@code fullStart}, to {@code out[outOffset ..]}. Unchecked.
   */
  void convolveBlocks(
      float[] signal, int signalOffset, int n,
      float[] taps, int tapsOffset, int k,
      int fullStart, int length,
      float[] out, int outOffset) {
    int l = ToeplitzBlockConvolution.blockLength(k);
    int blocks = length / l;
    if (blocks == 0) {
      return;
    }
    int pieces = (l + k - 1 + l - 1) / l;
    int columns = pieces * l;
    if (block.length < l * columns) {
      block = new float[l * columns];
    }
    for (int m = 0; m < columns; m++) {
      for (int r = 0; r < l; r++) {
        int j = r + k - 1 - m;
        block[m * l + r] = (j >= 0 && j < k) ? taps[tapsOffset + j] : 0.0f;
      }
    }
    int size = (blocks + pieces - 1) * l;
    if (window.length < size) {
      window = new float[size];
    }
    fillWindow(window, signal, signalOffset, n, k, fullStart, size);
    for (int c = 0; c < pieces; c++) {
      blas.sgemm("N", "N", l, blocks, l,
          1.0f, block, c * l * l, l,
          window, c * l, l,
          c == 0 ? 0.0f : 1.0f, out, outOffset, l);
    }
  }

  /** {@link ToeplitzBlockConvolution#fillWindow} for float signals. */
  static void fillWindow(float[] window, float[] signal, int signalOffset, int n, int k, int fullStart,
      int size) {
    int shift = fullStart - (k - 1);
    int first = Math.min(size, Math.max(0, -shift));
    int last = Math.max(first, Math.min(size, n - shift));
    java.util.Arrays.fill(window, 0, first, 0.0f);
    if (last > first) {
      System.arraycopy(signal, signalOffset + shift + first, window, first, last - first);
    }
    java.util.Arrays.fill(window, last, size, 0.0f);
  }
}
