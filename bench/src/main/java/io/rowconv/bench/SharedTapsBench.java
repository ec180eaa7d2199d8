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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rows sharing one filter: {@value #ROWS} signals of length n convolved (mode same) with the same taps, row
 * by row ({@code apply}) or as one batch ({@code applySharedTaps}); single thread, compute only. Scores are
 * rows/s.
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules=jdk.incubator.vector"})
public class SharedTapsBench {

  static final int ROWS = 64;

  @Param({"256", "1024", "4096"})
  public int n;

  @Param({"16", "64", "256"})
  public int k;

  @Param({"AUTO", "TOEPLITZ"})
  public String method;

  private double[] signals;
  private int[] offsets;
  private int[] lengths;
  private double[] h;
  private double[] out;
  private Method chosen;
  private RowConvolver convolver;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    signals = new double[ROWS * n];
    offsets = new int[ROWS];
    lengths = new int[ROWS];
    for (int r = 0; r < ROWS; r++) {
      offsets[r] = r * n;
      lengths[r] = n;
    }
    for (int i = 0; i < signals.length; i++) {
      signals[i] = random.nextDouble() - 0.5;
    }
    h = new double[k];
    for (int i = 0; i < k; i++) {
      h[i] = random.nextDouble() - 0.5;
    }
    out = new double[ROWS * n];
    chosen = Method.valueOf(method);
    convolver = Convolution.newConvolver();
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public double[] rowByRow() {
    for (int r = 0; r < ROWS; r++) {
      convolver.apply(Operation.CONVOLVE, Mode.SAME, chosen, signals, offsets[r], n, h, 0, k, out, offsets[r]);
    }
    return out;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public double[] sharedTaps() {
    convolver.applySharedTaps(Operation.CONVOLVE, Mode.SAME, chosen, ROWS, signals, offsets, lengths, h, 0, k,
        out, offsets);
    return out;
  }
}
