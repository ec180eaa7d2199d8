package io.rowconv.kernel.twod;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The FFT method: one real 2-D circular convolution per image, at a size where it equals the wanted part of
 * the linear one. O(N log N) in the transform size instead of O(outputs x kernel).
 *
 * <p>Two layouts of the real plane:
 * <ul>
 *   <li>the image at the origin, when E adds nothing but zeros (boundary fill with fill value 0, or E inside
 *       the image): the wanted outputs are full-convolution indices {@code s .. s + out - 1} ({@code s} =
 *       the mode's start), free of wrap-around when {@code N >= max(n + k - 1 - s, s + out)} (and {@code N >= k}, to
 *       hold the kernel); for mode same that is about {@code n + k / 2}, not {@code n + k - 1};
 *   <li>E itself (wrap, symm, a non-zero fill): the outputs are E's valid part, free of wrap-around when
 *       {@code N >= } E's size.
 * </ul>
 * Sizes are the smallest {@code 2^a 3^b 5^c 7^d} at least that (FFTW is fast on them), or powers of two on
 * JTransforms. Transforms are native FFTW ({@link FftwFft2d}) when it loads, else JTransforms
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

  /** True when the image goes into the plane as it is (E adds only zeros). */
  static boolean atOrigin(Geometry2d geo) {
    return !geo.extendsImage || geo.boundary == Boundary.FILL && geo.fill == 0.0;
  }

  /** Transform rows for {@code geo}. */
  static int transformRows(Geometry2d geo) {
    return atOrigin(geo)
        ? transformLength(geo.rows, geo.kRows, geo.rowShift + geo.kRows - 1, geo.outRows)
        : goodLength(geo.extRows);
  }

  /** Transform columns for {@code geo}. */
  static int transformCols(Geometry2d geo) {
    return atOrigin(geo)
        ? transformLength(geo.cols, geo.kCols, geo.colShift + geo.kCols - 1, geo.outCols)
        : goodLength(geo.extCols);
  }

  private static int transformLength(int n, int k, int start, int out) {
    // the plane must also hold the whole kernel (mode same with k > 2n - 1 needs less room otherwise)
    return goodLength(Math.max(k, Math.max(n + k - 1 - start, start + out)));
  }

  /** The smallest 7-smooth length at least {@code need} (FFTW), or the next power of two (JTransforms). */
  static int goodLength(int need) {
    if (!BACKEND.equals("fftw")) {
      return Integer.highestOneBit(need) == need ? need : Integer.highestOneBit(need) << 1;
    }
    for (int n = need; ; n++) {
      int m = n;
      for (int p : new int[] {2, 3, 5, 7}) {
        while (m % p == 0) {
          m /= p;
        }
      }
      if (m == 1) {
        return n;
      }
    }
  }

  /** Writes the {@code outRows x outCols} outputs of {@code geo}, row-major, to {@code out[outOffset ..]}. */
  void convolve(Geometry2d geo, double[] out, int outOffset) {
    int n0 = transformRows(geo);
    int n1 = transformCols(geo);
    RealFft2d fft = transform(n0, n1);
    for (int j = 0; j < n0; j++) {
      if (j < geo.kRows) {
        fft.setRow(j, geo.kernel, geo.kernelOffset + j * geo.kCols, geo.kCols);
      } else {
        fft.fillRow(j, 0.0, 0);
      }
    }
    fft.forward(0);
    int firstRow;
    int firstCol;
    if (atOrigin(geo)) {
      for (int i = 0; i < n0; i++) {
        if (i < geo.rows) {
          fft.setRow(i, geo.image, geo.imageOffset + i * geo.cols, geo.cols);
        } else {
          fft.fillRow(i, 0.0, 0);
        }
      }
      firstRow = geo.rowShift + geo.kRows - 1;
      firstCol = geo.colShift + geo.kCols - 1;
    } else {
      if (row.length < geo.extCols) {
        row = new double[geo.extCols];
      }
      for (int q = 0; q < n0; q++) {
        if (q >= geo.extRows) {
          fft.fillRow(q, 0.0, 0);
        } else if (geo.sourceRow(q) < 0) {
          fft.fillRow(q, geo.fill, geo.extCols);
        } else {
          geo.fillRow(q, row, 0, geo.extCols);
          fft.setRow(q, row, 0, geo.extCols);
        }
      }
      firstRow = geo.kRows - 1;
      firstCol = geo.kCols - 1;
    }
    fft.forward(1);
    fft.convolveSlots();
    for (int m = 0; m < geo.outRows; m++) {
      fft.getRow(firstRow + m, firstCol, out, outOffset + m * geo.outCols, geo.outCols);
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
