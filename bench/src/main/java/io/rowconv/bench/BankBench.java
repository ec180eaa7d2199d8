package io.rowconv.bench;

import io.rowconv.kernel.Convolution;
import io.rowconv.kernel.FilterBankConvolver;
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
 * Filter banks, single thread, compute only: one signal of n samples against F filters of k taps,
 * {@code convolve(x, h_f, same)} for every f, through {@link FilterBankConvolver} with each method, or
 * ({@code method=ONE_BY_ONE}) the same filters one at a time through {@link RowConvolver} (auto). The bank is
 * the same row after row (a fixed filter bank), so both sides use their prepared-filter caches. Throughput =
 * rows/s (a row = the signal against the whole bank); useful GFLOP/s = 2 F n k rows/s / 1e9
 * (bench/bank_table.py prints both).
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules=jdk.incubator.vector"})
public class BankBench {

  @Param({"4096"})
  public int n;

  @Param({"8", "32", "128"})
  public int filters;

  @Param({"16", "64", "256", "1024", "4096"})
  public int k;

  @Param({"AUTO", "DIRECT", "TOEPLITZ", "FFT", "ONE_BY_ONE"})
  public String method;

  private double[] x;
  private double[] taps;
  private int[] tapsOffsets;
  private int[] tapsLengths;
  private double[] out;
  private int[] outOffsets;
  private Method chosen;
  private FilterBankConvolver bank;
  private RowConvolver single;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextDouble() - 0.5;
    }
    taps = new double[filters * k];
    for (int i = 0; i < taps.length; i++) {
      taps[i] = random.nextDouble() - 0.5;
    }
    tapsOffsets = new int[filters];
    tapsLengths = new int[filters];
    outOffsets = new int[filters];
    for (int f = 0; f < filters; f++) {
      tapsOffsets[f] = f * k;
      tapsLengths[f] = k;
      outOffsets[f] = f * n;
    }
    out = new double[filters * n];
    chosen = method.equals("ONE_BY_ONE") ? Method.AUTO : Method.valueOf(method);
    bank = Convolution.newBankConvolver();
    single = Convolution.newConvolver();
  }

  @Benchmark
  public double[] bankSame() {
    if (method.equals("ONE_BY_ONE")) {
      for (int f = 0; f < filters; f++) {
        single.apply(Operation.CONVOLVE, Mode.SAME, Method.AUTO, x, 0, n, taps, tapsOffsets[f], k, out,
            outOffsets[f]);
      }
    } else {
      bank.apply(Operation.CONVOLVE, Mode.SAME, chosen, x, 0, n, taps, tapsOffsets, tapsLengths, filters, out,
          outOffsets);
    }
    return out;
  }
}
