package io.rowconv.kernel.twod;

import dev.ludovic.netlib.blas.BLAS;

/**
 * The GEMM method: each kernel row's 1-D convolution along E's rows as small banded Toeplitz blocks times E
 * read in place, summed over the kernel rows by the products' accumulation (BLAS dgemm, level 3).
 *
 * <h2>The arithmetic</h2>
 *
 * Outputs of a row go in blocks of {@code L} consecutive columns. For kernel row {@code j}, output column
 * {@code bL + r} takes {@code sum_mm T_j[r][mm] * E[row][bL + mm]}, {@code T_j[r][mm] = g[j][r + kCols - 1 - mm]}
 * where that index lies in {@code [0, kCols)}, else 0: an {@code L x C L} block, {@code C = ceil((L + kCols -
 * 1) / L)}, cut into {@code C} square pieces {@code T_{j,c}}. E's rows are laid out {@code P} apart, {@code P}
 * a multiple of {@code L} with room for every block's window, and the output rows {@code P} apart as well; then
 * read as {@code L}-row column-major matrices, output column {@code q = i P / L + b} (row {@code i}, block
 * {@code b}) needs E column {@code q + (kRows - 1 - j) P / L + c} for piece {@code c}: one uniform shift. So a
 * band of output rows is
 *
 * <pre>  Y = sum_{j, c} T_{j,c} * E[(kRows - 1 - j) P + c L ..] (ld = L)   -- kRows * C dgemm calls,</pre>
 *
 * of size {@code L x (rows P / L) x L} each, with no copy of any window. The columns past a row's outputs are
 * computed and dropped. Work: {@code 2 L C L kRows} flops per {@code L} outputs, the band's zeros included
 * ({@code (L + kCols - 1) / kCols} times the useful work at best). Bands of output rows keep E's rows and the
 * product in cache.
 *
 * <p>Only finite values come here (a product multiplies the band's zeros by every window value). Owns the
 * blocks, the E band and the product (reused across images); not thread-safe.
 */
final class ToeplitzBlock2d {


  private final BLAS blas;
  /** kRows blocks, each L x (C L) column-major. Reused across images. */
  private double[] blocks = new double[0];
  /** A band of E's rows, P apart, and the slack the last piece reads. Reused across bands. */
  private double[] window = new double[0];
  /** A band of output rows, P apart. Reused across bands. */
  private double[] product = new double[0];

  ToeplitzBlock2d(BLAS blas) {
    this.blas = blas;
  }

  /** Outputs per block: as for the 1-D blocks (8 for short kernel rows, 16, 32 for very long ones). */
  static int blockLength(int kCols) {
    return kCols <= 8 ? 8 : kCols <= 512 ? 16 : 32;
  }

  static int pieces(int kCols) {
    int l = blockLength(kCols);
    return (l + kCols - 1 + l - 1) / l;
  }

  /** Row pitch {@code P} of E and of the product. */
  static int pitch(int outCols, int kCols) {
    int l = blockLength(kCols);
    return ((outCols + l - 1) / l + pieces(kCols) - 1) * l;
  }

  /** Writes the {@code outRows x outCols} outputs of {@code geo}, row-major, to {@code out[outOffset ..]}. */
  void convolve(Geometry2d geo, double[] out, int outOffset) {
    int kRows = geo.kRows;
    int kCols = geo.kCols;
    int l = blockLength(kCols);
    int pieces = pieces(kCols);
    int pitch = pitch(geo.outCols, kCols);
    int perRow = pitch / l;
    buildBlocks(geo.kernel, geo.kernelOffset, kRows, kCols, l, pieces);
    int band = Geometry2d.bandRows(geo.outRows, kRows, pitch);
    int windowSize = (band + kRows - 1) * pitch + (pieces - 1) * l;
    if (window.length < windowSize) {
      window = new double[windowSize];
    }
    if (product.length < band * pitch) {
      product = new double[band * pitch];
    }
    for (int m0 = 0; m0 < geo.outRows; m0 += band) {
      int rowsNow = Math.min(band, geo.outRows - m0);
      int eRows = rowsNow + kRows - 1;
      for (int i = 0; i < eRows; i++) {
        geo.fillRow(m0 + i, window, i * pitch, pitch);
      }
      java.util.Arrays.fill(window, eRows * pitch, eRows * pitch + (pieces - 1) * l, 0.0);
      int columns = rowsNow * perRow;
      boolean first = true;
      for (int j = 0; j < kRows; j++) {
        for (int c = 0; c < pieces; c++) {
          blas.dgemm("N", "N", l, columns, l,
              1.0, blocks, (j * pieces + c) * l * l, l,
              window, ((kRows - 1 - j) * perRow + c) * l, l,
              first ? 0.0 : 1.0, product, 0, l);
          first = false;
        }
      }
      for (int i = 0; i < rowsNow; i++) {
        System.arraycopy(product, i * pitch, out, outOffset + (m0 + i) * geo.outCols, geo.outCols);
      }
    }
  }

  private void buildBlocks(double[] g, int gOffset, int kRows, int kCols, int l, int pieces) {
    int columns = pieces * l;
    int size = kRows * l * columns;
    if (blocks.length < size) {
      blocks = new double[size];
    }
    for (int j = 0; j < kRows; j++) {
      int block = j * l * columns;
      int taps = gOffset + j * kCols;
      for (int mm = 0; mm < columns; mm++) {
        for (int r = 0; r < l; r++) {
          int k = r + kCols - 1 - mm;
          blocks[block + mm * l + r] = k >= 0 && k < kCols ? g[taps + k] : 0.0;
        }
      }
    }
  }
}
