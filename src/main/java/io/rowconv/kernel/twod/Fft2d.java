package io.rowconv.kernel.twod;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The FFT method: one real 2-D circular convolution per image, at a size where it equals the wanted part of
 * the linear one: O(N log N) in the transform size instead of O(outputs x kernel).
 *
 * <p>The plane holds the image at the origin, or E, whole or in overlap-save tiles, as {@link FftLayout2d}
 * chooses per shape. Transforms are native FFTW ({@link FftwFft2d}) when it loads, else JTransforms
 * ({@link JTransformsFft2d}); {@code -Drowconv.fft} (or {@code ROWCONV_FFT}) = {@code auto|fftw|jtransforms}
 * forces one, as for the 1-D kernel.
 *
 * <p>Accuracy: the error of every output is bounded relative to the image's scale, not the output's own:
 * {@code |error| <= ERROR_BOUND * sum|h| * max|x_ext|} (tested), {@code x_ext} = the image extended by the
 * boundary. Only finite inputs come here (see {@link ImageConvolver}).
 *
 * <p>Transforms (with their native buffers) are kept per size, the few most recent ones; not thread-safe.
 */
final class Fft2d {

  static final double ERROR_BOUND = 1e-12;
  /** "fftw" or "jtransforms". */
  static final String BACKEND = chooseBackend();
  /** Transforms kept per convolver: each holds about three planes of doubles. */
  private static final int KEPT_SIZES = 4;

  /** The layout of the current shape. Reused across images. */
  private final FftLayout2d layout = new FftLayout2d();
  private final Map<Long, RealFft2d> transforms = new LinkedHashMap<>(8, 0.75f, true);
  /** One row of E. Reused across rows and images. */
  private double[] row = new double[0];

  private static String chooseBackend() {
    String choice = System.getProperty("rowconv.fft", System.getenv().getOrDefault("ROWCONV_FFT", "auto"))
        .trim().toLowerCase(Locale.ROOT);
    switch (choice) {
      case "jtransforms":
        return "jtransforms";
      case "fftw":
        if (FftwFft2d.loadError() != null) {
          throw new IllegalStateException("rowconv.fft=fftw but FFTW cannot load: " + FftwFft2d.loadError());
        }
        return "fftw";
      case "auto":
        return FftwFft2d.loadError() == null ? "fftw" : "jtransforms";
      default:
        throw new IllegalArgumentException("rowconv.fft must be auto, fftw or jtransforms; got '" + choice + "'");
    }
  }

  /** Writes the {@code outRows x outCols} outputs of {@code geo}, row-major, to {@code out[outOffset ..]}. */
  void convolve(Geometry2d geo, double[] out, int outOffset) {
    layout.choose(geo);
    int n0 = layout.planeRows;
    int n1 = layout.planeCols;
    RealFft2d fft = transform(n0, n1);
    for (int j = 0; j < n0; j++) {
      if (j < geo.kRows) {
        fft.setRow(j, geo.kernel, geo.kernelOffset + j * geo.kCols, geo.kCols);
      } else {
        fft.fillRow(j, 0.0, 0);
      }
    }
    fft.forward(0);
    if (layout.atOrigin) {
      for (int i = 0; i < n0; i++) {
        if (i < geo.rows) {
          fft.setRow(i, geo.image, geo.imageOffset + i * geo.cols, geo.cols);
        } else {
          fft.fillRow(i, 0.0, 0);
        }
      }
      fft.forward(1);
      fft.convolveSlots();
      int firstRow = geo.rowShift + geo.kRows - 1;
      int firstCol = geo.colShift + geo.kCols - 1;
      for (int m = 0; m < geo.outRows; m++) {
        fft.getRow(firstRow + m, firstCol, out, outOffset + m * geo.outCols, geo.outCols);
      }
      return;
    }
    // E whole (one tile) or in overlap-save tiles: a tile of outputs [m0, m0 + b0) x [c0, c0 + b1) reads E's
    // rows m0 .. m0 + b0 + kRows - 2 and columns c0 .. c0 + b1 + kCols - 2; its outputs are that plane's valid part
    int b0 = layout.tiled ? layout.tileOutRows : geo.outRows;
    int b1 = layout.tiled ? layout.tileOutCols : geo.outCols;
    if (row.length < n1) {
      row = new double[n1];
    }
    for (int m0 = 0; m0 < geo.outRows; m0 += b0) {
      int rowsNow = Math.min(b0, geo.outRows - m0);
      for (int c0 = 0; c0 < geo.outCols; c0 += b1) {
        int colsNow = Math.min(b1, geo.outCols - c0);
        int width = colsNow + geo.kCols - 1;
        int height = rowsNow + geo.kRows - 1;
        for (int q = 0; q < n0; q++) {
          if (q >= height) {
            fft.fillRow(q, 0.0, 0);
          } else if (geo.sourceRow(m0 + q) < 0) {
            fft.fillRow(q, geo.fill, width);
          } else {
            geo.fillRow(m0 + q, c0, row, 0, width);
            fft.setRow(q, row, 0, width);
          }
        }
        fft.forward(1);
        fft.convolveSlots();
        for (int m = 0; m < rowsNow; m++) {
          fft.getRow(geo.kRows - 1 + m, geo.kCols - 1, out, outOffset + (m0 + m) * geo.outCols + c0, colsNow);
        }
      }
    }
  }

  private RealFft2d transform(int n0, int n1) {
    long key = ((long) n0 << 32) | n1;
    RealFft2d fft = transforms.get(key);
    if (fft == null) {
      if (transforms.size() >= KEPT_SIZES) {
        Long eldest = transforms.keySet().iterator().next();
        transforms.remove(eldest);
      }
      fft = BACKEND.equals("fftw") ? new FftwFft2d(n0, n1) : new JTransformsFft2d(n0, n1);
      transforms.put(key, fft);
    }
    return fft;
  }

  /** The FFT library of this JVM and why, for logs. */
  static String description() {
    return BACKEND.equals("fftw")
        ? "FFTW 3 (native, bundled)"
        : "JTransforms (pure Java)"
            + (FftwFft2d.loadError() == null ? "" : "; FFTW unavailable: " + FftwFft2d.loadError());
  }
}
