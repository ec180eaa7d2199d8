package io.rowconv.bench;

import io.rowconv.kernel.Method;
import io.rowconv.kernel.Mode;
import io.rowconv.kernel.Operation;
import io.rowconv.kernel.SinglePrecisionConvolver;
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
 * {@link KernelBench} for float32 rows in single precision ({@link SinglePrecisionConvolver}: sgemm blocks,
 * float vectors): one row, single thread, compute only, rows/s.
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules=jdk.incubator.vector"})
public class SinglePrecisionBench {

  @Param({"4096"})
  public int n;

  @Param({"4", "16", "64", "256", "1024"})
  public int k;

  @Param({"AUTO", "DIRECT", "TOEPLITZ", "FFT"})
  public String method;

  private float[] x;
  private float[] h;
  private float[] out;
  private Method chosen;
  private SinglePrecisionConvolver convolver;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    x = new float[n];
    h = new float[k];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (random.nextDouble() - 0.5);
    }
    for (int i = 0; i < k; i++) {
      h[i] = (float) (random.nextDouble() - 0.5);
    }
    out = new float[n];
    chosen = Method.valueOf(method);
    convolver = new SinglePrecisionConvolver();
  }

  @Benchmark
  public float[] convolveSame() {
    convolver.apply(Operation.CONVOLVE, Mode.SAME, chosen, x, 0, n, h, 0, k, out, 0);
    return out;
  }
}
