package io.rowconv.kernel.twod;

/**
 * The direct method, on bands of output rows: with E's rows laid out {@code P} apart, tap {@code (j, k)} of
 * output {@code (m, n)} reads E at {@code (m + kRows - 1 - j) P + n + kCols - 1 - k}, i.e. at the output's flat
 * index {@code m P + n} plus a constant per tap. So a whole band of output rows is one long 1-D run of
 * {@code (rows - 1) P + outCols} outputs over the flattened E rows ({@link VectorDirect2d} when the JVM has the
 * Vector API module, else a scalar loop), whose {@code P - outCols} values past each row's end are computed and
 * dropped when the band is copied out. One call per band instead of one per row: on a 64 x 64 image with a 3 x 3
 * kernel, one call per row (and its row tail) held the loop to 106k images/s; one run per band does 252k.
 *
 * <p>Where E lies inside the image (mode valid, or windows that never leave it), the image is read in place
 * ({@code P} = its row length). Otherwise each band's E rows are built into a buffer (a band overlaps the next
 * by {@code kRows - 1} rows, built twice), sized to stay in the L2 cache with the band's outputs (at least
 * {@code kRows} rows, so no E row is built more than twice).
 *
 * <p>Every output is the sum over exactly its window's products, fill cells included, as in scipy, so NaN and
 * Inf reach exactly the outputs scipy gives them, on both paths (the dropped values never reach the output).
 * Owns the band buffers and tap tables (reused across images); not thread-safe.
 */
final class Direct2d {

  /** True when the SIMD loop is available in this JVM ({@code -Drowconv.direct.scalar=true} turns it off). */
  static final boolean VECTORIZED = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
      && !Boolean.getBoolean("rowconv.direct.scalar");

  /** A band of E's rows, P apart. Reused across bands and images. */
  private double[] window = new double[0];
  /** A band of outputs, P apart (the last P - outCols of each row dropped). Reused across bands and images. */
  private double[] band = new double[0];
  /** Where each kernel row's E row starts for the band's first output row. Reused. */
  private int[] rowOffsets = new int[0];
  /** The kernel as flat tap tables. Reused across images. */
  private final Taps2d taps = new Taps2d();

  /** True when no element of {@code a[offset .. + length)} is NaN or +-Inf. */
  static boolean allFinite(double[] a, int offset, int length) {
    if (VECTORIZED) {
      return VectorDirect2d.allFinite(a, offset, length);
    }
    // x * 0 is 0 for finite x and NaN for NaN and +-Inf, and NaN survives any sum: no branch per value
    double s0 = 0;
    double s1 = 0;
    int i = offset;
    int end = offset + length;
    for (; i + 1 < end; i += 2) {
      s0 += a[i] * 0.0;
      s1 += a[i + 1] * 0.0;
    }
    for (; i < end; i++) {
      s0 += a[i] * 0.0;
    }
    return s0 + s1 == 0.0;
  }

  /** Row pitch of the E rows the direct loop reads: the image's own rows when E is the image itself. */
  static int pitch(Geometry2d geo) {
    return geo.extendsImage ? geo.extCols : geo.cols;
  }

  /** Writes the {@code outRows x outCols} outputs of {@code geo}, row-major, to {@code out[outOffset ..]}. */
  void convolve(Geometry2d geo, boolean vectorized, double[] out, int outOffset) {
    int kRows = geo.kRows;
    boolean inPlace = !geo.extendsImage;
    int pitch = pitch(geo);
    int rows = Geometry2d.bandRows(geo.outRows, kRows, pitch);
    if (!inPlace && window.length < (rows + kRows - 1) * pitch) {
      window = new double[(rows + kRows - 1) * pitch];
    }
    if (band.length < rows * pitch) {
      band = new double[rows * pitch];
    }
    if (rowOffsets.length < kRows) {
      rowOffsets = new int[kRows];
    }
    taps.setKernel(geo.kernel, geo.kernelOffset, kRows, geo.kCols, vectorized ? VectorDirect2d.V : 1);
    double[] src = inPlace ? geo.image : window;
    for (int m0 = 0; m0 < geo.outRows; m0 += rows) {
      int rowsNow = Math.min(rows, geo.outRows - m0);
      int start; // where output (m0, 0)'s window starts in src
      if (inPlace) {
        start = geo.imageOffset + (m0 + geo.rowShift) * pitch + geo.colShift;
      } else {
        for (int i = 0; i < rowsNow + kRows - 1; i++) {
          geo.fillRow(m0 + i, window, i * pitch, pitch);
        }
        start = 0;
      }
      for (int j = 0; j < kRows; j++) {
        rowOffsets[j] = start + (kRows - 1 - j) * pitch;
      }
      taps.setRows(rowOffsets);
      int length = (rowsNow - 1) * pitch + geo.outCols;
      if (vectorized) {
        VectorDirect2d.convolveRow(src, taps, length, band, 0);
      } else {
        ScalarDirect2d.convolve(src, taps, length, band, 0);
      }
      for (int i = 0; i < rowsNow; i++) {
        System.arraycopy(band, i * pitch, out, outOffset + (m0 + i) * geo.outCols, geo.outCols);
      }
    }
  }
}
