package io.rowconv.kernel;

import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.fftw.global.fftw3;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;

/**
 * {@link RealFft} on native FFTW 3 (the build inside {@code org.bytedeco:fftw}, linux-x86_64, shipped in the
 * application jar): about four times faster than JTransforms here, copies in and out included.
 *
 * <p>Plans are made once per JVM and size ({@code FFTW_MEASURE}, under a lock: FFTW's planner is not
 * thread-safe) on buffers from {@code fftw_malloc}; each instance executes them on its own
 * {@code fftw_malloc} buffers (same alignment, as FFTW requires), freed when the instance is collected.
 */
final class FftwFft implements RealFft {

  private static final Cleaner CLEANER = Cleaner.create();
  private static final Map<Integer, fftw3.fftw_plan[]> PLANS = new HashMap<>();
  private static final String LOAD_ERROR = load();

  private final int size;
  private final fftw3.fftw_plan forwardPlan;
  private final fftw3.fftw_plan inversePlan;
  private final DoublePointer real;
  private final DoublePointer complex;
  private final double scale;

  FftwFft(int size) {
    if (LOAD_ERROR != null) {
      throw new IllegalStateException("FFTW is not available: " + LOAD_ERROR);
    }
    this.size = size;
    this.scale = 1.0 / size;
    fftw3.fftw_plan[] plans = plans(size);
    this.forwardPlan = plans[0];
    this.inversePlan = plans[1];
    Pointer realMemory = fftw3.fftw_malloc(8L * size);
    Pointer complexMemory = fftw3.fftw_malloc(8L * (size + 2));
    this.real = new DoublePointer(realMemory).capacity(size);
    this.complex = new DoublePointer(complexMemory).capacity(size + 2);
    CLEANER.register(this, () -> {
      fftw3.fftw_free(realMemory);
      fftw3.fftw_free(complexMemory);
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

  private static synchronized fftw3.fftw_plan[] plans(int size) {
    return PLANS.computeIfAbsent(size, n -> {
      Pointer in = fftw3.fftw_malloc(8L * n);
      Pointer out = fftw3.fftw_malloc(8L * (n + 2));
      try {
        DoublePointer x = new DoublePointer(in);
        DoublePointer c = new DoublePointer(out);
        int flags = (int) (fftw3.FFTW_MEASURE | fftw3.FFTW_DESTROY_INPUT);
        return new fftw3.fftw_plan[] {
            fftw3.fftw_plan_dft_r2c_1d(n, x, c, flags), fftw3.fftw_plan_dft_c2r_1d(n, c, x, flags)};
      } finally {
        fftw3.fftw_free(in);
        fftw3.fftw_free(out);
      }
    });
  }

  @Override
  public void forward(double[] input, double[] spectrum) {
    real.put(input, 0, size);
    fftw3.fftw_execute_dft_r2c(forwardPlan, real, complex);
    complex.get(spectrum, 0, size + 2);
  }

  @Override
  public void inverseUnscaled(double[] spectrum, double[] output) {
    complex.put(spectrum, 0, size + 2);
    fftw3.fftw_execute_dft_c2r(inversePlan, complex, real);
    real.get(output, 0, size);
  }

  @Override
  public void inverse(double[] spectrum, double[] output) {
    complex.put(spectrum, 0, size + 2);
    fftw3.fftw_execute_dft_c2r(inversePlan, complex, real);
    real.get(output, 0, size);
    for (int i = 0; i < size; i++) {
      output[i] *= scale;
    }
  }
}
