package io.rowconv.bench;

import io.rowconv.kernel.BlasProvider;
import io.rowconv.kernel.Method;
import io.rowconv.kernel.Mode;
import io.rowconv.kernel.Operation;
import io.rowconv.kernel.RowConvolver;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Filters prepared once, single thread, compute only: 2,000 rows of n uniform in 16,000-48,000 samples (1-3 s
 * of 16 kHz audio), each convolved ('same', auto) with one of 200 filters of k uniform in 4,000-16,000 taps
 * picked at random ({@code filters=shared}), or with taps of its own ({@code filters=distinct}: a pool filter
 * whose first tap is made unique per row, so no two rows share taps). One invocation = the 2,000 rows through
 * a new {@link RowConvolver} (an empty cache, as a Spark task starts), with the prepared-filter cache at its
 * default bound ({@code cache=on}) or off ({@code cache=off}: every row prepares its taps anew). Score =
 * seconds per 2,000 rows; rows/s = 2,000 / score.
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 8)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "--add-modules=jdk.incubator.vector"})
public class PreparedFilterBench {

  static final int ROWS = 2000;
  static final int FILTERS = 200;
  static final int SIGNALS = 16;

  @Param({"on", "off"})
  public String cache;

  @Param({"shared", "distinct"})
  public String filters;

  private double[][] signals;
  private double[][] taps;
  private int[] rowLength;
  private int[] rowSignal;
  private int[] rowFilter;
  private double[] out;
  private RowConvolver last;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(2026);
    signals = new double[SIGNALS][48000];
    for (double[] s : signals) {
      for (int i = 0; i < s.length; i++) {
        s[i] = random.nextDouble() - 0.5;
      }
    }
    taps = new double[FILTERS][];
    for (int f = 0; f < FILTERS; f++) {
      taps[f] = new double[4000 + random.nextInt(12001)];
      for (int i = 0; i < taps[f].length; i++) {
        taps[f][i] = random.nextDouble() - 0.5;
      }
    }
    rowLength = new int[ROWS];
    rowSignal = new int[ROWS];
    rowFilter = new int[ROWS];
    for (int r = 0; r < ROWS; r++) {
      rowLength[r] = 16000 + random.nextInt(32001);
      rowSignal[r] = random.nextInt(SIGNALS);
      rowFilter[r] = random.nextInt(FILTERS);
    }
    out = new double[48000];
  }

  @Benchmark
  public RowConvolver twoThousandRows() {
    RowConvolver convolver = new RowConvolver(BlasProvider.get(),
        cache.equals("on") ? RowConvolver.PREPARED_CACHE_BYTES_DEFAULT : 0);
    boolean distinct = filters.equals("distinct");
    for (int r = 0; r < ROWS; r++) {
      double[] h = taps[rowFilter[r]];
      if (distinct) {
        h[0] = r + 0.5; // this row's own taps (restored below)
      }
      convolver.apply(Operation.CONVOLVE, Mode.SAME, Method.AUTO, signals[rowSignal[r]], 0, rowLength[r], h, 0,
          h.length, out, 0);
      if (distinct) {
        h[0] = 0.25;
      }
    }
    last = convolver;
    return convolver;
  }

  @TearDown(Level.Iteration)
  public void report() {
    if (last != null) {
      System.out.printf("  [cache %s, %s filters: %d prepared-filter hits, %d MiB held, FFT rows %d of %d]%n",
          cache, filters, last.preparedFilterHits(), last.preparedFilterBytes() >> 20,
          last.rowsComputedWith(Method.FFT), ROWS);
    }
  }
}
