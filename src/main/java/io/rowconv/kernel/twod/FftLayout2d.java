package io.rowconv.kernel.twod;

/**
 * How {@link Fft2d} transforms an image, chosen per shape by estimated cost and kept while the shape repeats:
 *
 * <ul>
 *   <li>one plane: the whole image at the origin when E adds only zeros (boundary fill with fill value 0, or E
 *       inside the image): outputs are full-convolution indices {@code s .. s + out - 1} ({@code s} = the
 *       mode's start), free of wrap-around when {@code N >= max(n + k - 1 - s, s + out, k)} (for mode same
 *       about {@code n + k / 2}, not {@code n + k - 1}); else E itself ({@code N >=} E's size, outputs = E's
 *       valid part);
 *   <li>overlap-save tiles: E cut into {@code T0 x T1} pieces overlapping by {@code k - 1}, each giving
 *       {@code (T - k + 1)} outputs per axis from one forward and one inverse transform, the kernel transformed
 *       once. Small planes stay in cache: FFTW's real 2-D transform measured 0.09-0.11 ns per {@code N log2 N}
 *       up to 576 x 576 and 0.16-0.17 at about 1024 x 1024 (0.35 at 1029 = 3 * 7^3), so for large images
 *       tiles win even though they transform more values.
 * </ul>
 *
 * Lengths are even 5-smooth numbers on FFTW (fast there), powers of two on JTransforms. Reused; not thread-safe.
 */
final class FftLayout2d {

  /** Relative cost per {@code N log2 N} unit of a plane of {@code n} values: cache-resident planes are faster. */
  static double unitCost(double n) {
    return n <= 400_000 ? 0.10 : 0.165;
  }

  /** Plane values' passes that are not transforms (filling, the spectrum product, reading out), in units. */
  private static final double UNITS_PER_VALUE = 8;
  /** Fixed cost of a tile (two native calls, the loops over its rows), in units: about 2 us. */
  private static final double UNITS_PER_TILE = 20_000;

  boolean tiled;
  boolean atOrigin;
  int planeRows;
  int planeCols;
  /** Outputs per tile along each axis (tiled only). */
  int tileOutRows;
  int tileOutCols;
  /** Estimated cost in units of {@code N log2 N} at the small-plane rate. */
  double units;

  /** The shape this layout was chosen for (compared field by field). */
  private final int[] key = new int[9];
  private boolean chosen;

  /** Chooses the layout for {@code geo} (kept when the shape is the one of the previous call). */
  void choose(Geometry2d geo) {
    boolean origin = !geo.extendsImage || geo.boundary == Boundary.FILL && geo.fill == 0.0;
    if (chosen && key[0] == geo.rows && key[1] == geo.cols && key[2] == geo.kRows && key[3] == geo.kCols
        && key[4] == geo.rowShift && key[5] == geo.colShift && key[6] == geo.outRows && key[7] == geo.outCols
        && key[8] == (origin ? 1 : 0)) {
      return;
    }
    key[0] = geo.rows;
    key[1] = geo.cols;
    key[2] = geo.kRows;
    key[3] = geo.kCols;
    key[4] = geo.rowShift;
    key[5] = geo.colShift;
    key[6] = geo.outRows;
    key[7] = geo.outCols;
    key[8] = origin ? 1 : 0;
    chosen = true;
    tiled = false;
    atOrigin = origin;
    planeRows = origin ? length(geo.rows, geo.kRows, geo.rowShift + geo.kRows - 1, geo.outRows)
        : goodLength(geo.extRows);
    planeCols = origin ? length(geo.cols, geo.kCols, geo.colShift + geo.kCols - 1, geo.outCols)
        : goodLength(geo.extCols);
    units = 3 * transformUnits(planeRows, planeCols) + UNITS_PER_VALUE * (double) planeRows * planeCols;
    // tiles: for each count of tiles along an axis, the smallest good length that covers it
    for (int down = 1; down <= geo.outRows; down++) {
      int perDown = (geo.outRows + down - 1) / down;
      int t0 = goodLength(perDown + geo.kRows - 1);
      if (down > 1 && perDown < geo.kRows) {
        break; // tiles giving fewer outputs than the kernel's size only add overlap
      }
      for (int across = 1; across <= geo.outCols; across++) {
        int perAcross = (geo.outCols + across - 1) / across;
        if (across > 1 && perAcross < geo.kCols) {
          break;
        }
        int t1 = goodLength(perAcross + geo.kCols - 1);
        double tiles = (double) down * across;
        double cost = (2 * tiles + 1) * transformUnits(t0, t1)
            + UNITS_PER_VALUE * (tiles + 1) * (double) t0 * t1 + UNITS_PER_TILE * tiles;
        if (cost < units) {
          units = cost;
          tiled = true;
          atOrigin = false;
          planeRows = t0;
          planeCols = t1;
          tileOutRows = perDown;
          tileOutCols = perAcross;
        }
        if (across > 64) {
          break;
        }
      }
      if (down > 64) {
        break;
      }
    }
  }

  private static double transformUnits(int rows, int cols) {
    double n = (double) rows * cols;
    return n * (Math.log(n) / Math.log(2)) * unitCost(n) / unitCost(0);
  }

  private static int length(int n, int k, int start, int out) {
    // the plane must also hold the whole kernel (mode same with k > 2n - 1 needs less room otherwise)
    return goodLength(Math.max(k, Math.max(n + k - 1 - start, start + out)));
  }

  /** The smallest even 5-smooth length at least {@code need} (FFTW), or the next power of two (JTransforms). */
  static int goodLength(int need) {
    if (!Fft2d.BACKEND.equals("fftw")) {
      return Integer.highestOneBit(need) == need ? need : Integer.highestOneBit(need) << 1;
    }
    if (need <= 2) {
      return 2;
    }
    for (int n = need + (need & 1); ; n += 2) {
      int m = n;
      for (int p : new int[] {2, 3, 5}) {
        while (m % p == 0) {
          m /= p;
        }
      }
      if (m == 1) {
        return n;
      }
    }
  }
}
