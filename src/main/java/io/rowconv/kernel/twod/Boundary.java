package io.rowconv.kernel.twod;

import java.util.Locale;

/**
 * How the image is extended beyond its edges, with exactly {@code scipy.signal.convolve2d}'s semantics
 * ({@code boundary=} argument). For an image of {@code m} rows (and likewise columns), row index {@code i}
 * outside {@code [0, m)} reads:
 *
 * <ul>
 *   <li>{@link #FILL}: the fill value ({@code fillvalue=}, 0 by default), for every column of that row.
 *   <li>{@link #WRAP}: row {@code i mod m} (circular, any distance from the image).
 *   <li>{@link #SYMM}: the mirror image with the edge sample repeated ({@code ..., x1, x0 | x0, x1, ...}),
 *       periodic with period {@code 2m}, so kernels larger than the image reflect again and again.
 * </ul>
 *
 * Mode {@code valid} never reads outside the image, so the boundary does not change its result.
 */
public enum Boundary {
  FILL,
  WRAP,
  SYMM;

  /**
   * Parses scipy's words (any case, blanks around ignored): {@code fill} (or {@code pad}), {@code wrap} (or
   * {@code circular}), {@code symm} (or {@code symmetric}).
   */
  public static Boundary parse(String text) {
    String word = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    switch (word) {
      case "fill":
      case "pad":
        return FILL;
      case "wrap":
      case "circular":
        return WRAP;
      case "symm":
      case "symmetric":
        return SYMM;
      default:
        throw new IllegalArgumentException("Unknown boundary '" + text
            + "': expected one of fill, wrap, symm (scipy's aliases pad, circular, symmetric are accepted too)");
    }
  }

  /** The lower-case name used on the command line and in configuration (scipy's short word). */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The image index that index {@code i} (any int) reads for an image of {@code m >= 1} samples along one
   * axis, or -1 where {@link #FILL} reads the fill value. Same formulas as scipy's C loop.
   */
  int source(int i, int m) {
    if (i >= 0 && i < m) {
      return i;
    }
    switch (this) {
      case FILL:
        return -1;
      case WRAP:
        return Math.floorMod(i, m);
      case SYMM:
        long period = 2L * m;
        long k = i >= 0 ? i % period : Math.abs((long) i + 1) % period;
        return (int) (k >= m ? period - k - 1 : k);
      default:
        throw new AssertionError(this);
    }
  }
}
