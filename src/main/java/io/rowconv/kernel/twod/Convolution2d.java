package io.rowconv.kernel.twod;

import io.rowconv.kernel.Method;
import io.rowconv.kernel.Mode;
import io.rowconv.kernel.Operation;

/**
 * The 2-D kernel's one checked door, with no Spark anywhere: {@code scipy.signal.convolve2d} and
 * {@code scipy.signal.correlate2d} for a real image and its own real kernel, in modes full, same and valid,
 * with boundaries fill (and a fill value, 0 by default), wrap and symm.
 *
 * <pre>{@code
 * double[][] y = Convolution2d.convolve(image, new double[][] {{1, 2, 1}, {2, 4, 2}, {1, 2, 1}},
 *                                       Mode.SAME, Boundary.SYMM);
 * }</pre>
 *
 * <p>Shapes (per axis, image {@code n}, kernel {@code k}): full {@code n + k - 1}; same {@code n} (also when
 * {@code k > n}); valid {@code |n - k| + 1}, which needs one operand at least as large as the other in every
 * dimension (scipy swaps them when the kernel is the larger; otherwise it raises, and so does this class).
 *
 * <p>Refused with {@link IllegalArgumentException} and a message naming the problem: null arguments, empty
 * images or kernels (scipy 1.17 returns odd shapes for them rather than raising), ragged {@code double[][]}
 * (the message names the row), flat arrays whose length is not {@code rows * cols}, valid-mode shapes scipy
 * refuses, and modes other than full, same and valid.
 *
 * <p>These methods allocate their result (work buffers are kept per thread). For many images use one
 * {@link ImageConvolver} per thread ({@link #newConvolver()}): it writes into caller-owned arrays.
 * {@link Method#AUTO} (the default) picks direct, Toeplitz-block GEMM or FFT per image from its shape.
 * Accuracy and NaN/Inf handling as {@link ImageConvolver} states: non-finite values (a non-finite fill value
 * included) reach exactly the outputs they reach in scipy.
 */
public final class Convolution2d {

  /**
   * A flat result: {@code rows x cols} values, row-major. The array is the caller's (not copied, not kept).
   */
  public record Result(double[] values, int rows, int cols) {

    /** The value at row {@code r}, column {@code c}. */
    public double get(int r, int c) {
      return values[r * cols + c];
    }

    /** The values as {@code rows} arrays of {@code cols}. */
    public double[][] toArray() {
      double[][] a = new double[rows][];
      for (int r = 0; r < rows; r++) {
        a[r] = java.util.Arrays.copyOfRange(values, r * cols, (r + 1) * cols);
      }
      return a;
    }
  }

  private static final ThreadLocal<ImageConvolver> CONVOLVERS = ThreadLocal.withInitial(ImageConvolver::new);

  private Convolution2d() {}

  /** {@code scipy.signal.convolve2d(x, h, mode, boundary)} (fill value 0). */
  public static double[][] convolve(double[][] x, double[][] h, Mode mode, Boundary boundary) {
    return apply(Operation.CONVOLVE, x, h, mode, boundary, 0.0, Method.AUTO);
  }

  /** {@code scipy.signal.convolve2d(x, h, mode, boundary, fillValue)}. */
  public static double[][] convolve(double[][] x, double[][] h, Mode mode, Boundary boundary, double fillValue) {
    return apply(Operation.CONVOLVE, x, h, mode, boundary, fillValue, Method.AUTO);
  }

  /** {@code scipy.signal.convolve2d(x, h, mode, boundary, fillValue)} computed with the given method. */
  public static double[][] convolve(double[][] x, double[][] h, Mode mode, Boundary boundary, double fillValue,
      Method method) {
    return apply(Operation.CONVOLVE, x, h, mode, boundary, fillValue, method);
  }

  /** {@code scipy.signal.correlate2d(x, h, mode, boundary)} (fill value 0). */
  public static double[][] correlate(double[][] x, double[][] h, Mode mode, Boundary boundary) {
    return apply(Operation.CORRELATE, x, h, mode, boundary, 0.0, Method.AUTO);
  }

  /** {@code scipy.signal.correlate2d(x, h, mode, boundary, fillValue)}. */
  public static double[][] correlate(double[][] x, double[][] h, Mode mode, Boundary boundary, double fillValue) {
    return apply(Operation.CORRELATE, x, h, mode, boundary, fillValue, Method.AUTO);
  }

  /** {@code scipy.signal.correlate2d(x, h, mode, boundary, fillValue)} computed with the given method. */
  public static double[][] correlate(double[][] x, double[][] h, Mode mode, Boundary boundary, double fillValue,
      Method method) {
    return apply(Operation.CORRELATE, x, h, mode, boundary, fillValue, method);
  }

  /** {@code op(x, h, mode, boundary, fillValue)} on {@code double[][]} (rows of equal length). */
  public static double[][] apply(Operation op, double[][] x, double[][] h, Mode mode, Boundary boundary,
      double fillValue, Method method) {
    int cols = Arguments2d.columns("image", x);
    int kCols = Arguments2d.columns("kernel", h);
    Arguments2d.checkSettings(op, mode, boundary, method);
    Arguments2d.checkShapes(mode, x.length, cols, h.length, kCols);
    return apply(op, flatten(x, cols), x.length, cols, flatten(h, kCols), h.length, kCols, mode, boundary,
        fillValue, method).toArray();
  }

  /** {@code scipy.signal.convolve2d} on a row-major image {@code rows x cols} and kernel {@code kRows x kCols}. */
  public static Result convolve(double[] x, int rows, int cols, double[] h, int kRows, int kCols, Mode mode,
      Boundary boundary, double fillValue) {
    return apply(Operation.CONVOLVE, x, rows, cols, h, kRows, kCols, mode, boundary, fillValue, Method.AUTO);
  }

  /** The flat {@link #convolve(double[], int, int, double[], int, int, Mode, Boundary, double)} with a method. */
  public static Result convolve(double[] x, int rows, int cols, double[] h, int kRows, int kCols, Mode mode,
      Boundary boundary, double fillValue, Method method) {
    return apply(Operation.CONVOLVE, x, rows, cols, h, kRows, kCols, mode, boundary, fillValue, method);
  }

  /** {@code scipy.signal.correlate2d} on a row-major image {@code rows x cols} and kernel {@code kRows x kCols}. */
  public static Result correlate(double[] x, int rows, int cols, double[] h, int kRows, int kCols, Mode mode,
      Boundary boundary, double fillValue) {
    return apply(Operation.CORRELATE, x, rows, cols, h, kRows, kCols, mode, boundary, fillValue, Method.AUTO);
  }

  /** The flat {@link #correlate(double[], int, int, double[], int, int, Mode, Boundary, double)} with a method. */
  public static Result correlate(double[] x, int rows, int cols, double[] h, int kRows, int kCols, Mode mode,
      Boundary boundary, double fillValue, Method method) {
    return apply(Operation.CORRELATE, x, rows, cols, h, kRows, kCols, mode, boundary, fillValue, method);
  }

  /** {@code op} on flat row-major arrays: {@code x.length} must be {@code rows * cols}, likewise {@code h}. */
  public static Result apply(Operation op, double[] x, int rows, int cols, double[] h, int kRows, int kCols,
      Mode mode, Boundary boundary, double fillValue, Method method) {
    Arguments2d.checkSettings(op, mode, boundary, method);
    Arguments2d.checkShapes(mode, rows, cols, kRows, kCols);
    checkLength("image", x, rows, cols);
    checkLength("kernel", h, kRows, kCols);
    int outRows = mode.outputLength(rows, kRows);
    int outCols = mode.outputLength(cols, kCols);
    double[] out = new double[outRows * outCols];
    CONVOLVERS.get().apply(op, mode, boundary, fillValue, method, x, 0, rows, cols, h, 0, kRows, kCols, out, 0);
    return new Result(out, outRows, outCols);
  }

  /** A reusable, allocation-free convolver for batch use (one per thread). */
  public static ImageConvolver newConvolver() {
    return new ImageConvolver();
  }

  /** The FFT library the FFT method runs on in this JVM, for logs. */
  public static String fftLibrary() {
    return ImageConvolver.fftLibrary();
  }

  private static void checkLength(String name, double[] a, int rows, int cols) {
    if (a == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    if (a.length != (long) rows * cols) {
      throw new IllegalArgumentException(name + " has " + a.length + " values but its shape " + rows + "x" + cols
          + " needs " + (long) rows * cols);
    }
  }

  private static double[] flatten(double[][] a, int cols) {
    double[] flat = new double[a.length * cols];
    for (int r = 0; r < a.length; r++) {
      System.arraycopy(a[r], 0, flat, r * cols, cols);
    }
    return flat;
  }
}
