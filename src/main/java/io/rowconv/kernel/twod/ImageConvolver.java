package io.rowconv.kernel.twod;

import dev.ludovic.netlib.blas.BLAS;
import io.rowconv.kernel.BlasProvider;
import io.rowconv.kernel.Method;
import io.rowconv.kernel.Mode;
import io.rowconv.kernel.Operation;

/**
 * The allocation-free, reusable form of {@link Convolution2d} for batch use: one instance per thread (or Spark
 * task) convolves image after image, each with its own kernel, into caller-owned output arrays.
 *
 * <p>Layout: the image is {@code rows x cols} values row-major from {@code x[xOffset]}, the kernel
 * {@code kRows x kCols} row-major from {@code h[hOffset]}; the output, {@link #outputRows} x
 * {@link #outputCols} values, is written row-major from {@code out[outOffset]} and nothing else is written.
 * Results are {@code scipy.signal.convolve2d} / {@code correlate2d} with the same mode, boundary and fill value.
 *
 * <p>Per image the problem is brought to one form ({@link Geometry2d}: the image extended by the boundary,
 * convolved in "valid" fashion) and computed with the {@link Method} asked for, or the one the cost model
 * ({@link MethodChooser2d}) picks for {@link Method#AUTO}: the direct loop ({@link Direct2d}, SIMD), Toeplitz
 * blocks x BLAS dgemm ({@link ToeplitzBlock2d}) or a 2-D FFT ({@link Fft2d}). Images, kernels or fill values
 * (where the fill is read) holding NaN or +-Inf always go through the direct loop, which multiplies exactly the
 * products scipy's loop multiplies, so non-finite values reach exactly the outputs they reach in scipy.
 *
 * <p>Accuracy: direct and Toeplitz within {@code 1e-12 * sum_(j,k) |h[j][k] * x_ext[..]|} of the exact value per
 * output ({@code x_ext} = the image extended by the boundary); FFT within {@code 1e-12 * sum|h| * max|x_ext|}
 * ({@link Fft2d}).
 *
 * <p>Work buffers are owned by the instance, sized for the largest image seen so far and reused; instances are
 * not thread-safe.
 */
public final class ImageConvolver {

  private final Geometry2d geometry = new Geometry2d();
  private final Direct2d direct = new Direct2d();
  private final ToeplitzBlock2d blocks;
  private final Fft2d fft = new Fft2d();
  private final MethodChooser2d chooser;
  /** Images computed so far with each method, indexed by {@link Method#ordinal()}. */
  private final long[] imagesByMethod = new long[Method.values().length];
  private Method lastMethod;

  /** A convolver backed by the JVM's BLAS as {@link BlasProvider} chooses it (native OpenBLAS when possible). */
  public ImageConvolver() {
    this(BlasProvider.get());
  }

  /** A convolver backed by the given BLAS implementation. */
  public ImageConvolver(BLAS blas) {
    this.blocks = new ToeplitzBlock2d(blas);
    this.chooser = MethodChooser2d.forBlas(blas);
  }

  /** Output rows of {@code mode} for an image of {@code rows} and a kernel of {@code kRows} rows (both >= 1). */
  public static int outputRows(Mode mode, int rows, int kRows) {
    Arguments2d.checkMode(mode);
    return mode.outputLength(rows, kRows);
  }

  /** Output columns of {@code mode} for an image of {@code cols} and a kernel of {@code kCols} columns. */
  public static int outputCols(Mode mode, int cols, int kCols) {
    Arguments2d.checkMode(mode);
    return mode.outputLength(cols, kCols);
  }

  /** The method the last image was computed with (never {@link Method#AUTO}); null before the first image. */
  public Method lastMethod() {
    return lastMethod;
  }

  /** How many images this instance computed with {@code method} (never {@link Method#AUTO}). */
  public long imagesComputedWith(Method method) {
    return imagesByMethod[method.ordinal()];
  }

  /**
   * Computes {@code op(x, h, mode, boundary, fill)} into {@code out[outOffset ..]} (layout in the class comment).
   *
   * @param fill the fill value of {@link Boundary#FILL} (ignored by the other boundaries); NaN and +-Inf are
   *     allowed and reach exactly the outputs they reach in scipy (computed with the direct loop)
   * @param method how to compute; non-finite inputs always use {@link Method#DIRECT}
   * @return the number of values written, {@code outputRows * outputCols}
   * @throws IllegalArgumentException for a null setting, a mode other than full, same and valid, an empty
   *     shape, shapes mode valid refuses, or a range outside its array
   */
  public int apply(Operation op, Mode mode, Boundary boundary, double fill, Method method,
      double[] x, int xOffset, int rows, int cols,
      double[] h, int hOffset, int kRows, int kCols,
      double[] out, int outOffset) {
    Arguments2d.checkSettings(op, mode, boundary, method);
    Arguments2d.checkShapes(mode, rows, cols, kRows, kCols);
    Arguments2d.checkRange("image", x, xOffset, (long) rows * cols);
    Arguments2d.checkRange("kernel", h, hOffset, (long) kRows * kCols);
    int size = mode.outputLength(rows, kRows) * mode.outputLength(cols, kCols);
    Arguments2d.checkRange("out", out, outOffset, size);
    geometry.set(op, mode, boundary, fill, x, xOffset, rows, cols, h, hOffset, kRows, kCols);
    Method chosen = method == Method.AUTO ? chooser.choose(geometry) : method;
    // Block products and transforms multiply zeros by every value (NaN * 0 = NaN) and spread rounding over the
    // whole image: non-finite values take the direct loop, which sums exactly scipy's products.
    if (chosen != Method.DIRECT && !finiteInputs()) {
      chosen = Method.DIRECT;
    }
    switch (chosen) {
      case DIRECT -> direct.convolve(geometry, Direct2d.VECTORIZED, out, outOffset);
      case TOEPLITZ -> blocks.convolve(geometry, out, outOffset);
      case FFT -> fft.convolve(geometry, out, outOffset);
      default -> throw new AssertionError(chosen);
    }
    imagesByMethod[chosen.ordinal()]++;
    lastMethod = chosen;
    return size;
  }

  private boolean finiteInputs() {
    Geometry2d g = geometry;
    return (!g.readsFill() || Double.isFinite(g.fill))
        && Direct2d.allFinite(g.kernel, g.kernelOffset, g.kRows * g.kCols)
        && Direct2d.allFinite(g.image, g.imageOffset, g.rows * g.cols);
  }

  /** The FFT library the FFT method runs on in this JVM (FFTW, or JTransforms and why), for logs. */
  public static String fftLibrary() {
    return Fft2d.description();
  }
}
