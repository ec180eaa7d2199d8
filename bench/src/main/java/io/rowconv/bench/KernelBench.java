package io.rowconv.bench;

import io.rowconv.kernel.Convolution;
import io.rowconv.kernel.Method;
import io.rowconv.kernel.Mode;
import io.rowconv.kernel.Operation;
import io.rowconv.kernel.RowConvolver;
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
 * One row, single thread, compute only: {@code convolve(x, h, same)} through the allocation-free
 * {@link RowConvolver} with each method. Throughput = rows/s; useful GFLOP/s = 2 n k rows/s / 1e9
 * (bench/perf_table.py prints both).
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules=jdk.incubator.vector"})
public class KernelBench {

  @Param({"256", "4096", "65536"})
  public int n;

  @Param({"1", "4", "16", "64", "256", "1024", "4096"})
  public int k;

  @Param({"AUTO", "DIRECT", "TOEPLITZ", "FFT"})
  public String method;

  private double[] x;
  private double[] h;
  private double[] out;
  private Method chosen;
  private RowConvolver convolver;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    x = new double[n];
    h = new double[k];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextDouble() - 0.5;
    }
    for (int i = 0; i < k; i++) {
      h[i] = random.nextDouble() - 0.5;
    }
    out = new double[n];
    chosen = Method.valueOf(method);
    convolver = Convolution.newConvolver();
  }

  @Benchmark
  public double[] convolveSame() {
    convolver.apply(Operation.CONVOLVE, Mode.SAME, chosen, x, 0, n, h, 0, k, out, 0);
    return out;
  }
}
