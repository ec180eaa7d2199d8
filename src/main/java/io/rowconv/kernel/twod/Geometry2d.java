package io.rowconv.kernel.twod;

import io.rowconv.kernel.Mode;
import io.rowconv.kernel.Operation;
import java.util.Arrays;

/**
 * One image's problem brought to a single form that every method computes: a "valid" convolution of the
 * extended image {@code E} with a kernel {@code g},
 *
 * <pre>
 *   out[m][n] = sum_{j < kRows, k < kCols} g[j][k] * E[m + kRows - 1 - j][n + kCols - 1 - k],
 *   E[q][p]   = xe[q + rowShift][p + colShift],
 * </pre>
 *
 * where {@code xe} is the image extended without end by the {@link Boundary}. {@code E} is exactly the part of
 * {@code xe} that scipy's loop reads ({@code extRows x extCols} = output + kernel - 1), fill cells included,
 * so summing over it multiplies the same products as scipy, NaN and Inf included.
 *
 * <p>How scipy's cases map to it (checked against scipy's C loop, {@code pylab_convolve_2d}):
 * <ul>
 *   <li>correlation is convolution with the kernel flipped in both axes ({@code g = h[::-1, ::-1]}); only the
 *       centre of mode same differs: it starts at full index {@code k / 2} instead of {@code (k - 1) / 2}
 *       (the two differ for even kernel sizes);
 *   <li>in mode valid with a kernel at least as large as the image in every dimension (and larger in one),
 *       scipy swaps the operands; for correlation it also reverses the result. Either way the values are the
 *       same slice of {@code full(x, g)}, computed here with {@code g} as the image and {@code x} as the kernel.
 * </ul>
 *
 * <p>Instances are reused across images (the flipped kernel lives in a buffer owned by the instance); not
 * thread-safe. Fields are read directly by the methods of this package.
 */
final class Geometry2d {

  /** Doubles of an E band plus its output (or product) band aimed at (512 KiB): both stay in the L2 cache. */
  private static final int BAND_DOUBLES = 1 << 16;

  /**
   * Output rows per band for E rows {@code pitch} apart (the direct loop and the Toeplitz blocks alike): at
   * least kRows rows, so the kRows - 1 E rows a band shares with the next are built at most twice over.
   */
  static int bandRows(int outRows, int kRows, int pitch) {
    return Math.min(outRows, Math.max(kRows, BAND_DOUBLES / (2 * pitch) - (kRows - 1) / 2));
  }

  /** The image slid over (x, or g after a valid-mode swap), row-major with {@code cols} values per row. */
  double[] image;
  int imageOffset;
  int rows;
  int cols;
  /** The convolution kernel g (h, flipped h, or x after a swap), row-major with {@code kCols} values per row. */
  double[] kernel;
  int kernelOffset;
  int kRows;
  int kCols;
  int outRows;
  int outCols;
  /** Shape of E and the image index of its first row and column. */
  int extRows;
  int extCols;
  int rowShift;
  int colShift;
  Boundary boundary;
  double fill;
  /** True when E reaches beyond the image (so the boundary matters). */
  boolean extendsImage;

  /** The flipped kernel for correlation. This object is reused across images. */
  private double[] flipped = new double[0];

  /** Sets the problem {@code op(x, h, mode, boundary, fill)}; arguments already checked. */
  void set(Operation op, Mode mode, Boundary boundary, double fill,
      double[] x, int xOffset, int xRows, int xCols, double[] h, int hOffset, int hRows, int hCols) {
    double[] g = h;
    int gOffset = hOffset;
    if (op == Operation.CORRELATE) {
      g = flip(h, hOffset, hRows, hCols);
      gOffset = 0;
    }
    boolean valid = mode.name().equals("VALID");
    boolean swap = valid && !Arguments2d.fitsInside(hRows, hCols, xRows, xCols);
    if (swap) {
      setOperands(g, gOffset, hRows, hCols, x, xOffset, xRows, xCols);
    } else {
      setOperands(x, xOffset, xRows, xCols, g, gOffset, hRows, hCols);
    }
    this.boundary = boundary;
    this.fill = fill;
    outRows = mode.outputLength(rows, kRows);
    outCols = mode.outputLength(cols, kCols);
    extRows = outRows + kRows - 1;
    extCols = outCols + kCols - 1;
    rowShift = fullStart(op, mode, kRows) - (kRows - 1);
    colShift = fullStart(op, mode, kCols) - (kCols - 1);
    extendsImage = rowShift < 0 || colShift < 0 || rowShift + extRows > rows || colShift + extCols > cols;
  }

  /** True when some cell of E is the fill value (which then takes part in the sums). */
  boolean readsFill() {
    return boundary == Boundary.FILL && extendsImage;
  }

  /** Index in the full convolution of the first output along an axis with kernel length {@code k}. */
  private static int fullStart(Operation op, Mode mode, int k) {
    switch (mode.name()) {
      case "FULL":
        return 0;
      case "SAME":
        return op == Operation.CONVOLVE ? (k - 1) / 2 : k / 2;
      default: // VALID: after the swap the kernel fits inside the image
        return k - 1;
    }
  }

  private void setOperands(double[] a, int aOffset, int aRows, int aCols, double[] b, int bOffset, int bRows,
      int bCols) {
    image = a;
    imageOffset = aOffset;
    rows = aRows;
    cols = aCols;
    kernel = b;
    kernelOffset = bOffset;
    kRows = bRows;
    kCols = bCols;
  }

  private double[] flip(double[] h, int offset, int hRows, int hCols) {
    int size = hRows * hCols;
    if (flipped.length < size) {
      flipped = new double[size];
    }
    for (int i = 0; i < size; i++) {
      flipped[i] = h[offset + size - 1 - i];
    }
    return flipped;
  }

  /** Image index of E's row {@code q}, or -1 for a row of fill values. */
  int sourceRow(int q) {
    return boundary.source(q + rowShift, rows);
  }

  /**
   * Writes E's row {@code q} to {@code dst[dstOffset .. + width)}; columns at and beyond {@code extCols} are set
   * to 0 (callers pad rows to a convenient pitch).
   */
  void fillRow(int q, double[] dst, int dstOffset, int width) {
    fillRow(q, 0, dst, dstOffset, width);
  }

  /**
   * Writes columns {@code [from, from + width)} of E's row {@code q} to {@code dst[dstOffset ..]}; columns at
   * and beyond {@code extCols} are set to 0.
   */
  void fillRow(int q, int from, double[] dst, int dstOffset, int width) {
    int n = Math.max(0, Math.min(width, extCols - from));
    int source = sourceRow(q);
    if (source < 0) {
      Arrays.fill(dst, dstOffset, dstOffset + n, fill);
    } else {
      int base = imageOffset + source * cols;
      int shift = colShift + from; // image column of dst[dstOffset]
      // columns whose image index lies on the row are one copy; the rest (both ends) go through the boundary
      int left = Math.min(n, Math.max(0, -shift));
      int right = Math.max(left, Math.min(n, cols - shift));
      System.arraycopy(image, base + left + shift, dst, dstOffset + left, right - left);
      if (boundary == Boundary.FILL) {
        Arrays.fill(dst, dstOffset, dstOffset + left, fill);
        Arrays.fill(dst, dstOffset + right, dstOffset + n, fill);
      } else {
        for (int p = 0; p < left; p++) {
          dst[dstOffset + p] = outsideValue(base, p + shift);
        }
        for (int p = right; p < n; p++) {
          dst[dstOffset + p] = outsideValue(base, p + shift);
        }
      }
    }
    if (n < width) {
      Arrays.fill(dst, dstOffset + n, dstOffset + width, 0.0);
    }
  }

  /** The value of image column {@code column} (any int) of the row at {@code rowBase}, by the boundary. */
  private double outsideValue(int rowBase, int column) {
    int s = boundary.source(column, cols);
    return s < 0 ? fill : image[rowBase + s];
  }
}
