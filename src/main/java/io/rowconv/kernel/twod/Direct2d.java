package io.rowconv.kernel.twod;

/**
 * The direct method: for each output row, the kernel slid along the {@code kRows} rows of E it covers
 * ({@link VectorDirect2d} when the JVM has the Vector API module, else {@link ScalarDirect2d}).
 *
 * <p>Where E lies inside the image (mode valid, or any window that never leaves the image), its rows are read
 * in place. Otherwise E's rows are built one at a time into a ring of {@code kRows} rows (each output row
 * needs one new row), so the boundary is applied once per E cell and the rows read stay in cache; building all
 * of E instead would write and read it through memory for large images.
 *
 * <p>Every output is the sum over exactly its window's products, fill cells included, as in scipy, so NaN and
 * Inf reach exactly the outputs scipy gives them, on both paths. Owns the ring (reused across images); not
 * thread-safe.
 */
final class Direct2d {

  /** True when the SIMD loop is available in this JVM ({@code -Drowconv.direct.scalar=true} turns it off). */
  static final boolean VECTORIZED = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
      && !Boolean.getBoolean("rowconv.direct.scalar");

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

  /** E's rows, row {@code q} in slot {@code q mod kRows}, {@code extCols} apart. Reused across images. */
  private double[] ring = new double[0];
  /** Where each of the current output row's E rows starts. Reused across rows. */
  private int[] rowOffsets = new int[0];
  /** The kernel as flat tap tables for the SIMD loop. Reused across images. */
  private final Taps2d taps = new Taps2d();

  /** Writes the {@code outRows x outCols} outputs of {@code geo}, row-major, to {@code out[outOffset ..]}. */
  void convolve(Geometry2d geo, boolean vectorized, double[] out, int outOffset) {
    int kRows = geo.kRows;
    int pitch = geo.extCols;
    if (rowOffsets.length < kRows) {
      rowOffsets = new int[kRows];
    }
    boolean inPlace = !geo.extendsImage;
    if (!inPlace && ring.length < kRows * pitch) {
      ring = new double[kRows * pitch];
    }
    double[] src = inPlace ? geo.image : ring;
    if (vectorized) {
      taps.setKernel(geo.kernel, geo.kernelOffset, kRows, geo.kCols, VectorDirect2d.V);
    }
    if (!inPlace) {
      for (int q = 0; q < kRows - 1; q++) {
        geo.fillRow(q, ring, q % kRows * pitch, pitch);
      }
    }
    for (int m = 0; m < geo.outRows; m++) {
      int newest = m + kRows - 1;
      if (!inPlace) {
        geo.fillRow(newest, ring, newest % kRows * pitch, pitch);
      }
      for (int j = 0; j < kRows; j++) {
        int q = newest - j;
        rowOffsets[j] = inPlace
            ? geo.imageOffset + (q + geo.rowShift) * geo.cols + geo.colShift
            : q % kRows * pitch;
      }
      int o = outOffset + m * geo.outCols;
      if (vectorized) {
        taps.setRows(rowOffsets);
        VectorDirect2d.convolveRow(src, taps, geo.outCols, out, o);
      } else {
        ScalarDirect2d.convolveRow(src, rowOffsets, geo.kernel, geo.kernelOffset, kRows, geo.kCols, 0,
            geo.outCols, out, o);
      }
    }
  }
}
