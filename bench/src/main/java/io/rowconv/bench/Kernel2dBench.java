package io.rowconv.bench;

import io.rowconv.kernel.Method;
import io.rowconv.kernel.Mode;
import io.rowconv.kernel.Operation;
import io.rowconv.kernel.twod.Boundary;
import io.rowconv.kernel.twod.ImageConvolver;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One image with its own kernel, single thread, compute only: {@code convolve2d(x, h, 'same', 'fill')} of an
 * {@code n x n} image and a {@code k x k} kernel through the allocation-free {@link ImageConvolver} with each
 * method. Throughput = images/s (bench/perf_table_2d.py prints the table of docs/PERFORMANCE.md). One image is
 * computed in set-up, so FFTW's plan for the size is made before timing (once per JVM and size).
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "--add-modules=jdk.incubator.vector"})
public class Kernel2dBench {

  @Param({"64", "256", "1024"})
  public int n;

  @Param({"3", "7", "15", "31", "63"})
  public int k;

  @Param({"AUTO", "DIRECT", "TOEPLITZ", "FFT"})
  public String method;

  private double[] x;
  private double[] h;
  private double[] out;
  private Method chosen;
  private ImageConvolver convolver;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    x = new double[n * n];
    h = new double[k * k];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextDouble() - 0.5;
    }
    for (int i = 0; i < h.length; i++) {
      h[i] = random.nextDouble() - 0.5;
    }
    out = new double[n * n];
    chosen = Method.valueOf(method);
    convolver = new ImageConvolver();
    convolveSame();
    System.out.println("\n# n=" + n + " k=" + k + " " + method + " computes with " + convolver.lastMethod());
  }

  @Benchmark
  public double[] convolveSame() {
    convolver.apply(Operation.CONVOLVE, Mode.SAME, Boundary.FILL, 0.0, chosen, x, 0, n, n, h, 0, k, k, out, 0);
    return out;
  }
}
