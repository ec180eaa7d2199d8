package io.rowconv.bench;

import io.rowconv.kernel.Mode;
import io.rowconv.spark.ConvolutionResult;
import io.rowconv.spark.ConvolutionSpec;
import io.rowconv.spark.ConvolutionStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Prints the plan Spark gives the rows rowconv's passes read ({@link ConvolutionResult#inputPlan()}): the job
 * does not log it, and with a taps table it says whether the join was broadcast or shuffled. Same stage, spec
 * and session settings as {@code ./submit.sh ... --keep-operands false} (the session's {@code
 * spark.sql.autoBroadcastJoinThreshold} from {@code -Dthreshold=64m}, else Spark's default):
 *
 * <pre>
 *   KeyedPlan MASTER INPUT                  # inline taps (the input's taps column)
 *   KeyedPlan MASTER INPUT TABLE KEY        # taps table joined by KEY
 * </pre>
 *
 * Run it from the source with the job's classpath (bench/keyed-taps-bench.sh does, outside its timing).
 * {@code apply} runs the duplicate-key check, and Spark's adaptive execution runs a shuffled join's exchanges
 * while the plan is made final, so it takes as long as those (its seconds are printed too); nothing is written.
 */
public final class KeyedPlan {

  private KeyedPlan() {}

  public static void main(String[] args) {
    if (args.length != 2 && args.length != 4) {
      throw new IllegalArgumentException("usage: KeyedPlan MASTER INPUT [TABLE KEY]");
    }
    SparkSession.Builder builder = SparkSession.builder()
        .master(args[0])
        .appName("rowconv-keyed-plan")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.parquet.columnarReaderBatchSize", "512");
    String threshold = System.getProperty("threshold");
    if (threshold != null) {
      builder.config("spark.sql.autoBroadcastJoinThreshold", threshold);
    }
    SparkSession spark = builder.getOrCreate();
    try {
      Dataset<Row> input = spark.read().parquet(args[1]);
      ConvolutionSpec.Builder spec = ConvolutionSpec.builder().mode(Mode.SAME).keepOperands(false);
      long start = System.nanoTime();
      ConvolutionResult result = args.length == 2
          ? ConvolutionStage.apply(input, spec.build())
          : ConvolutionStage.apply(input, spark.read().parquet(args[2]), spec.tapsKeys(args[3]).build());
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.println("spark.sql.autoBroadcastJoinThreshold="
          + spark.conf().get("spark.sql.autoBroadcastJoinThreshold"));
      System.out.printf("apply_s=%.3f%n", seconds);
      System.out.println(result.inputPlan());
    } finally {
      spark.stop();
    }
  }
}
