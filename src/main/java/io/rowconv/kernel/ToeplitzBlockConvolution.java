package io.rowconv.kernel;

import dev.ludovic.netlib.blas.BLAS;

/**
 * Convolution as a product of small local Toeplitz blocks with the signal: O(n*k) work done by BLAS
 * level 3 (dgemm), never the dense n x n Toeplitz matrix.
 *
 * <h2>The arithmetic</h2>
 *
 * Outputs are computed in blocks of {@code L} consecutive samples. With the signal {@code u} (length
 * {@code n}) zero-padded by {@code k - 1} on the left ({@code xpad[p] = u[p - (k - 1)]}), output sample
 * {@code r} of the block starting at full index {@code i0} is
 *
 * <pre>
 *   y[i0 + r] = sum_m T[r][m] * xpad[i0 + m],   0 <= m < L + k - 1,
 *   T[r][m]   = g[r + k - 1 - m] when that index lies in [0, k), else 0.
 * </pre>
 *
 * {@code T} is an {@code L x (L + k - 1)} banded Toeplitz block built once per row from the taps
 * {@code g}. Stacking the blocks of outputs as the columns of {@code Y (L x B)}, column {@code b} needs the
 * window {@code xpad[s + bL .. s + bL + L + k - 2]}: consecutive windows overlap and advance by {@code L}.
 * Cutting {@code T} into {@code C = ceil((L + k - 1) / L)} square {@code L x L} pieces {@code T_c}, piece
 * {@code c} multiplies the padded signal read in place as an {@code L x B} matrix with leading dimension
 * {@code L}, starting at {@code s + cL}, so no window matrix is ever copied:
 *
 * <pre>  Y = sum_c T_c * Xpad[s + cL ..] (ld = L)   -- C dgemm calls of size L x B x L.</pre>
 *
 * {@code Y} in column-major order is exactly the output, so the product is written in place. Work is
 * {@code 2 * L * C * L * B ~ 2 * outLen * (L + k)} flops: O(n*k) for a fixed small {@code L}.
 *
 * <p>Instances own their work buffers and reuse them across rows (grown when a larger row arrives), so
 * they are not thread-safe: use one per thread / Spark task.
 */
final class ToeplitzBlockConvolution {

  private final BLAS blas;
  /** The padded signal window the dgemm reads in place. This object is reused across rows. */
  private double[] window = new double[0];

  ToeplitzBlockConvolution(BLAS blas) {
    this.blas = blas;
  }

  /** {@code -Drowconv.toeplitz.block=L} fixes the block length for every k: a tuning experiment, not a setting. */
  private static final int BLOCK_LENGTH_OVERRIDE = Integer.getInteger("rowconv.toeplitz.block", 0);

  /**
   * Block length (outputs per block column) for taps of length {@code k}. Small blocks waste fewer flops
   * on the zeros of the band ((L + k - 1) / k) while still giving dgemm useful sizes; measured best here at
   * 8 for k <= 8, 16 up to k = 512 and 32 above (n = 4096, useful GFLOP/s with L = 16 / 32: k = 256 38.2 / 35.7,
   * k = 512 40.9 / 35.6, k = 1024 42.3 / 44.4; {@code KernelBench -p method=TOEPLITZ -jvmArgsAppend
   * -Drowconv.toeplitz.block=L}, docs/PERFORMANCE.md).
   */
  static int blockLength(int k) {
    if (BLOCK_LENGTH_OVERRIDE > 0) {
      return BLOCK_LENGTH_OVERRIDE;
    }
    if (k <= 8) {
      return 8;
    }
    return k <= 512 ? 16 : 32;
  }

  /** Number of outputs this path computes as whole blocks; the caller computes the rest directly. */
  static int blockedOutputs(int length, int k) {
    int l = blockLength(k);
    return (length / l) * l;
  }

  /** Doubles in the Toeplitz block of taps of length {@code k}: {@code L x ceil((L + k - 1) / L) * L}. */
  static int blockSize(int k) {
    int l = blockLength(k);
    int pieces = (l + k - 1 + l - 1) / l;
    return l * pieces * l;
  }

  /**
   * Writes {@code blockedOutputs(length, k)} samples of the full convolution, starting at full index
   * {@code fullStart}, to {@code out[outOffset ..]}, with the taps' block already built ({@link #buildBlock}:
   * the prepared form {@link RowConvolver} caches). Unchecked: shapes are validated by the caller.
   */
  void convolvePrepared(
      double[] signal, int signalOffset, int n, int k, double[] preparedBlock,
      int fullStart, int length, double[] out, int outOffset) {
    int l = blockLength(k);
    int blocks = length / l;
    if (blocks == 0) {
      return;
    }
    int pieces = (l + k - 1 + l - 1) / l;
    int size = (blocks + pieces - 1) * l;
    if (window.length < size) {
      window = new double[size];
    }
    fillWindow(window, signal, signalOffset, n, k, fullStart, size);
    for (int c = 0; c < pieces; c++) {
      blas.dgemm("N", "N", l, blocks, l,
          1.0, preparedBlock, c * l * l, l,
          window, c * l, l,
          c == 0 ? 0.0 : 1.0, out, outOffset, l);
    }
  }

  /** The column-major L x (C*L) Toeplitz block of taps {@code g[tapsOffset .. + k)} into {@code into}. */
  static void buildBlock(double[] taps, int tapsOffset, int k, double[] into) {
    int l = blockLength(k);
    int pieces = (l + k - 1 + l - 1) / l;
    int columns = pieces * l;
    for (int m = 0; m < columns; m++) {
      int column = m * l;
      for (int r = 0; r < l; r++) {
        int j = r + k - 1 - m;
        into[column + r] = (j >= 0 && j < k) ? taps[tapsOffset + j] : 0.0;
      }
    }
  }

  /**
   * {@code window[q] = xpad[fullStart + q] = u[fullStart + q - (k - 1)]} for {@code q < size}, zero outside
   * the signal: the zero-padded signal as the product with taps of length {@code k} reads it.
   */
  static void fillWindow(double[] window, double[] signal, int signalOffset, int n, int k, int fullStart,
      int size) {
    int shift = fullStart - (k - 1); // signal index of window[0]
    int first = Math.min(size, Math.max(0, -shift)); // first window index that lies on the signal
    int last = Math.max(first, Math.min(size, n - shift)); // one past the last such index
    java.util.Arrays.fill(window, 0, first, 0.0);
    if (last > first) {
      System.arraycopy(signal, signalOffset + shift + first, window, first, last - first);
    }
    java.util.Arrays.fill(window, last, size, 0.0);
  }
}
