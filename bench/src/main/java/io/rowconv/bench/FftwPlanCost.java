package io.rowconv.bench;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.bytedeco.fftw.global.fftw3;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;

/**
 * What FFTW's planner costs rowconv and what it buys: for each power-of-two size the 1-D kernel uses, the
 * seconds to make a forward (r2c) and an inverse (c2r) plan with {@code FFTW_ESTIMATE} and with
 * {@code FFTW_MEASURE} (rowconv's choice, {@code io.rowconv.kernel.FftwFft}), and the time of one forward plus
 * one inverse transform with each plan, copies between Java arrays and FFTW's buffers included, as the kernel
 * does them. Sizes in increasing order, ESTIMATE first, in one JVM: FFTW keeps what it measured for the
 * smaller sizes (their sub-transforms) for the larger ones, as it does in an executor that meets sizes in any
 * order. Prints a markdown table.
 *
 * <pre>
 *   OPENBLAS_NUM_THREADS=1 java -cp target/rowconv.jar bench/src/main/java/io/rowconv/bench/FftwPlanCost.java
 * </pre>
 */
public final class FftwPlanCost {

  private static final int MAX_SIZE = 65_536; // FftConvolution.MAX_FFT_SIZE

  private FftwPlanCost() {}

  public static void main(String[] args) {
    Loader.load(fftw3.class);
    System.out.println("| size | plan s, ESTIMATE | plan s, MEASURE | forward + inverse us, ESTIMATE "
        + "| forward + inverse us, MEASURE | MEASURE saves per pair | pairs to repay MEASURE's extra planning |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (int n = 1024; n <= MAX_SIZE; n <<= 1) {
      double[] estimate = measure(n, (int) (fftw3.FFTW_ESTIMATE | fftw3.FFTW_DESTROY_INPUT));
      double[] measure = measure(n, (int) (fftw3.FFTW_MEASURE | fftw3.FFTW_DESTROY_INPUT));
      double saved = estimate[1] - measure[1];
      System.out.printf("| %d | %.3f | %.3f | %.1f | %.1f | %.1f%% | %s |%n", n, estimate[0], measure[0],
          estimate[1], measure[1], 100 * saved / estimate[1],
          saved > 0 ? String.format("%,.0f", (measure[0] - estimate[0]) * 1e6 / saved) : "never");
    }
  }

  /** Planning seconds (both plans) and the median microseconds of a forward + inverse pair. */
  private static double[] measure(int n, int flags) {
    Pointer realMemory = fftw3.fftw_malloc(8L * n);
    Pointer complexMemory = fftw3.fftw_malloc(8L * (n + 2));
    try {
      DoublePointer real = new DoublePointer(realMemory).capacity(n);
      DoublePointer complex = new DoublePointer(complexMemory).capacity(n + 2);
      long start = System.nanoTime();
      fftw3.fftw_plan forward = fftw3.fftw_plan_dft_r2c_1d(n, real, complex, flags);
      fftw3.fftw_plan inverse = fftw3.fftw_plan_dft_c2r_1d(n, complex, real, flags);
      double planSeconds = (System.nanoTime() - start) / 1e9;

      double[] signal = new SplittableRandom(n).doubles(n, -1, 1).toArray();
      double[] spectrum = new double[n + 2];
      double[] out = new double[n];
      int pairs = Math.max(20, (1 << 24) / n); // about 16M samples a batch
      double[] batches = new double[7];
      for (int b = -2; b < batches.length; b++) { // two batches of warm-up
        long t = System.nanoTime();
        for (int i = 0; i < pairs; i++) {
          real.put(signal, 0, n);
          fftw3.fftw_execute_dft_r2c(forward, real, complex);
          complex.get(spectrum, 0, n + 2);
          complex.put(spectrum, 0, n + 2);
          fftw3.fftw_execute_dft_c2r(inverse, complex, real);
          real.get(out, 0, n);
        }
        if (b >= 0) {
          batches[b] = (System.nanoTime() - t) / 1e3 / pairs;
        }
      }
      fftw3.fftw_destroy_plan(forward);
      fftw3.fftw_destroy_plan(inverse);
      Arrays.sort(batches);
      return new double[] {planSeconds, batches[batches.length / 2]};
    } finally {
      fftw3.fftw_free(realMemory);
      fftw3.fftw_free(complexMemory);
    }
  }
}
