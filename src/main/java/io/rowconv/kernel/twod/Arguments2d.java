package io.rowconv.kernel.twod;

import io.rowconv.kernel.Method;
import io.rowconv.kernel.Mode;
import io.rowconv.kernel.Operation;

/**
 * The one argument check of the 2-D kernel, shared by {@link Convolution2d} (the door) and
 * {@link ImageConvolver} (the reusable convolver), so both refuse the same things with the same messages.
 * Everything behind them is unchecked.
 */
final class Arguments2d {

  private Arguments2d() {}

  /** Refuses null enums and any mode other than full, same and valid (scipy's three). */
  static void checkSettings(Operation op, Mode mode, Boundary boundary, Method method) {
    if (op == null || mode == null || boundary == null || method == null) {
      throw new IllegalArgumentException("operation, mode, boundary and method must not be null, got " + op + ", "
          + mode + ", " + boundary + ", " + method);
    }
    checkMode(mode);
  }

  static void checkMode(Mode mode) {
    if (mode == null) {
      throw new IllegalArgumentException("mode must not be null");
    }
    String name = mode.name();
    if (!name.equals("FULL") && !name.equals("SAME") && !name.equals("VALID")) {
      throw new IllegalArgumentException(
          "mode '" + mode.cliName() + "' is not supported by 2-D convolution: expected full, same or valid");
    }
  }

  /**
   * Shapes must be at least 1 x 1 (scipy returns odd shapes for empty arrays instead of raising; an empty
   * image or kernel is a caller's mistake here); in mode valid one operand must be at least as large as the
   * other in every dimension, as scipy requires ({@code ValueError} there).
   */
  static void checkShapes(Mode mode, int rows, int cols, int kRows, int kCols) {
    if (rows < 1 || cols < 1 || kRows < 1 || kCols < 1) {
      throw new IllegalArgumentException("image and kernel must not be empty, got image " + rows + "x" + cols
          + " and kernel " + kRows + "x" + kCols);
    }
    if ((long) rows * cols > Integer.MAX_VALUE - 8 || (long) kRows * kCols > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("image " + rows + "x" + cols + " or kernel " + kRows + "x" + kCols
          + " has more than 2^31 - 9 values");
    }
    if (mode.name().equals("VALID") && !fitsInside(kRows, kCols, rows, cols) && !fitsInside(rows, cols, kRows, kCols)) {
      throw new IllegalArgumentException("mode valid needs one operand at least as large as the other in every "
          + "dimension (scipy raises ValueError too): image is " + rows + "x" + cols + ", kernel is " + kRows + "x"
          + kCols + "; use mode same or full");
    }
    long outRows = mode.outputLength(rows, kRows);
    long outCols = mode.outputLength(cols, kCols);
    if (outRows * outCols > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("the " + mode.cliName() + " output of image " + rows + "x" + cols
          + " and kernel " + kRows + "x" + kCols + " has more than 2^31 - 9 values");
    }
  }

  /** True when an {@code a x b} array fits inside a {@code c x d} one. */
  static boolean fitsInside(int a, int b, int c, int d) {
    return a <= c && b <= d;
  }

  /** {@code length} values from {@code offset} lie in the array ({@code name} says which, for the message). */
  static void checkRange(String name, double[] array, int offset, long length) {
    if (array == null) {
      throw new IllegalArgumentException(name + " array is null");
    }
    if (offset < 0 || length < 0 || offset > array.length - length) {
      throw new IllegalArgumentException(name + " range [" + offset + ", " + offset + " + " + length
          + ") is outside an array of length " + array.length);
    }
  }

  /**
   * The number of columns of a {@code double[][]} image or kernel, refusing null, no rows, a null row and
   * rows of different lengths (naming the first bad row).
   */
  static int columns(String name, double[][] a) {
    if (a == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    if (a.length == 0) {
      throw new IllegalArgumentException(name + " must not be empty (it has no rows)");
    }
    int cols = -1;
    for (int i = 0; i < a.length; i++) {
      if (a[i] == null) {
        throw new IllegalArgumentException(name + " row " + i + " is null");
      }
      if (cols < 0) {
        cols = a[i].length;
      } else if (a[i].length != cols) {
        throw new IllegalArgumentException(name + " is ragged: row " + i + " has " + a[i].length
            + " values, row 0 has " + cols);
      }
    }
    if (cols == 0) {
      throw new IllegalArgumentException(name + " must not be empty (its rows have no values)");
    }
    return cols;
  }
}
