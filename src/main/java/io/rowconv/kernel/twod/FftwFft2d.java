package io.rowconv.kernel.twod;

import java.lang.ref.Cleaner;
import java.nio.DoubleBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.fftw.global.fftw3;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;

/**
 * {@link RealFft2d} on native FFTW 3's real 2-D transforms ({@code fftw_plan_dft_r2c_2d} / {@code c2r_2d}, the
 * build inside {@code org.bytedeco:fftw}). Plans are made once per JVM and size under a lock (FFTW's planner
 * is not thread-safe) with {@value #FLAGS_PROPERTY} = {@code measure} (default) or {@code estimate}, on
 * scratch buffers; each instance executes them on its own {@code fftw_malloc} buffers (same alignment, as the
 * new-array execute functions require), freed when the instance is collected. Rows go in and out through
 * {@link DoubleBuffer} views of the native memory (bulk copies, no JNI call per row), and the spectra are
 * multiplied in place there, so no plane-sized Java copy is made.
 */
final class FftwFft2d implements RealFft2d {

  static final String FLAGS_PROPERTY = "rowconv.fft2d.planner";
  private static final Cleaner CLEANER = Cleaner.create();
  private static final Map<Long, fftw3.fftw_plan[]> PLANS = new HashMap<>();
  private static final String LOAD_ERROR = load();

  private final int rows;
  private final int cols;
  /** Complex values per spectrum row: cols / 2 + 1. */
  private final int half;
  private final fftw3.fftw_plan forwardPlan;
  private final fftw3.fftw_plan inversePlan;
  private final DoublePointer real;
  private final DoublePointer[] spectra = new DoublePointer[2];
  private final DoubleBuffer realView;
  private final DoubleBuffer kernelView;
  private final DoubleBuffer imageView;

  FftwFft2d(int rows, int cols) {
    if (LOAD_ERROR != null) {
      throw new IllegalStateException("FFTW is not available: " + LOAD_ERROR);
    }
    this.rows = rows;
    this.cols = cols;
    this.half = cols / 2 + 1;
    fftw3.fftw_plan[] plans = plans(rows, cols);
    forwardPlan = plans[0];
    inversePlan = plans[1];
    long realSize = (long) rows * cols;
    long complexSize = 2L * rows * half;
    Pointer realMemory = fftw3.fftw_malloc(8 * realSize);
    Pointer kernelMemory = fftw3.fftw_malloc(8 * complexSize);
    Pointer imageMemory = fftw3.fftw_malloc(8 * complexSize);
    if (realMemory == null || kernelMemory == null || imageMemory == null
        || realMemory.isNull() || kernelMemory.isNull() || imageMemory.isNull()) {
      throw new OutOfMemoryError("fftw_malloc failed for a " + rows + "x" + cols + " transform");
    }
    real = new DoublePointer(realMemory).capacity(realSize);
    spectra[0] = new DoublePointer(kernelMemory).capacity(complexSize);
    spectra[1] = new DoublePointer(imageMemory).capacity(complexSize);
    realView = real.asBuffer();
    kernelView = spectra[0].asBuffer();
    imageView = spectra[1].asBuffer();
    CLEANER.register(this, () -> {
      fftw3.fftw_free(realMemory);
      fftw3.fftw_free(kernelMemory);
      fftw3.fftw_free(imageMemory);
    });
  }

  /** Null when FFTW loaded, else why not. */
  static String loadError() {
    return LOAD_ERROR;
  }

  private static String load() {
    try {
      if (System.getProperty("org.bytedeco.javacpp.cachedir") == null) {
        // JavaCPP unpacks native libraries under ~/.javacpp by default; executors may have no writable home.
        Path dir = Files.createTempDirectory("rowconv-javacpp-");
        dir.toFile().deleteOnExit();
        System.setProperty("org.bytedeco.javacpp.cachedir", dir.toString());
      }
      Loader.load(fftw3.class);
      return null;
    } catch (Throwable e) {
      return e.toString();
    }
  }

  private static int plannerFlags() {
    String choice = System.getProperty(FLAGS_PROPERTY, "measure");
    return (int) (choice.equalsIgnoreCase("estimate") ? fftw3.FFTW_ESTIMATE : fftw3.FFTW_MEASURE);
  }

  private static synchronized fftw3.fftw_plan[] plans(int rows, int cols) {
    return PLANS.computeIfAbsent(((long) rows << 32) | cols, key -> {
      long complexSize = 2L * rows * (cols / 2 + 1);
      Pointer in = fftw3.fftw_malloc(8L * rows * cols);
      Pointer out = fftw3.fftw_malloc(8 * complexSize);
      try {
        DoublePointer x = new DoublePointer(in);
        DoublePointer c = new DoublePointer(out);
        // both may overwrite their input: the real plane is refilled for every transform, and the image
        // spectrum the inverse reads is used once
        int flags = plannerFlags() | (int) fftw3.FFTW_DESTROY_INPUT;
        return new fftw3.fftw_plan[] {
          fftw3.fftw_plan_dft_r2c_2d(rows, cols, x, c, flags), fftw3.fftw_plan_dft_c2r_2d(rows, cols, c, x, flags)};
      } finally {
        fftw3.fftw_free(in);
        fftw3.fftw_free(out);
      }
    });
  }

  @Override
  public void setRow(int row, double[] src, int offset, int length) {
    int at = row * cols;
    realView.put(at, src, offset, length);
    zero(realView, at + length, cols - length);
  }

  @Override
  public void fillRow(int row, double value, int length) {
    int at = row * cols;
    for (int c = 0; c < length; c++) {
      realView.put(at + c, value);
    }
    zero(realView, at + length, cols - length);
  }

  private static final double[] ZEROS = new double[4096];

  private static void zero(DoubleBuffer view, int at, int count) {
    while (count > 0) {
      int n = Math.min(count, ZEROS.length);
      view.put(at, ZEROS, 0, n);
      at += n;
      count -= n;
    }
  }

  @Override
  public void forward(int slot) {
    fftw3.fftw_execute_dft_r2c(forwardPlan, real, spectra[slot]);
  }

  @Override
  public void convolveSlots() {
    // image spectrum *= kernel spectrum / (rows * cols): FFTW's transforms are unnormalised
    double scale = 1.0 / ((double) rows * cols);
    int n = 2 * rows * half;
    for (int i = 0; i < n; i += 2) {
      double xr = imageView.get(i);
      double xi = imageView.get(i + 1);
      double hr = kernelView.get(i) * scale;
      double hi = kernelView.get(i + 1) * scale;
      imageView.put(i, xr * hr - xi * hi);
      imageView.put(i + 1, xr * hi + xi * hr);
    }
    fftw3.fftw_execute_dft_c2r(inversePlan, spectra[1], real);
  }

  @Override
  public void getRow(int row, int col, double[] dst, int offset, int length) {
    realView.get(row * cols + col, dst, offset, length);
  }
}
