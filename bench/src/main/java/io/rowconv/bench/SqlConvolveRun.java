package io.rowconv.bench;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The SQL side of bench/sql-vs-job.sh: {@code SELECT *, rowconv_convolve(signal, taps) AS result FROM
 * parquet.`IN`} written to Spark's {@code noop} sink, which computes every row and discards it, as the job's
 * {@code --output-format noop} does.
 *
 * <pre>
 *   SqlConvolveRun IN [SELECT-LIST]    # default select list: *, rowconv_convolve(signal, taps) AS result
 * </pre>
 *
 * Started through {@code ./submit.sh} itself (the script names this class and adds this jar and
 * {@code spark.sql.extensions=io.rowconv.spark.RowconvExtensions} through {@code SPARK_SUBMIT_ARGS}), so the JVM
 * flags, master, {@code conf/spark-defaults.conf} and the rest of the session's settings are the job's own;
 * the {@code --config FILE} that submit.sh appends for the job is ignored here. Prints one line
 * {@code wall_s=... rows=... batch=... start_ms=... end_ms=...} (epoch milliseconds, to place the run in its
 * Spark event log); the time is from just before the input is read (its schema, a Spark job, as the job's
 * duration counts it) to the end of the write, session start excluded. The row count and the query's physical
 * plan are taken afterwards, outside the timing.
 */
public final class SqlConvolveRun {

  static final String DEFAULT_SELECT = "*, rowconv_convolve(signal, taps) AS result";

  private SqlConvolveRun() {}

  public static void main(String[] args) {
    java.util.List<String> positional = new java.util.ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config")) {
        i++; // submit.sh's job configuration: not the runner's
      } else {
        positional.add(args[i]);
      }
    }
    if (positional.isEmpty() || positional.size() > 2) {
      throw new IllegalArgumentException("usage: SqlConvolveRun IN [SELECT-LIST]");
    }
    String input = positional.get(0);
    String select = positional.size() > 1 ? positional.get(1) : DEFAULT_SELECT;
    SparkSession spark = SparkSession.builder().appName("rowconv-sql-bench").getOrCreate();
    try {
      if (!spark.conf().get("spark.sql.extensions", "").contains("io.rowconv.spark.RowconvExtensions")) {
        throw new IllegalStateException("the session has no rowconv extensions (spark.sql.extensions)");
      }
      long startMs = System.currentTimeMillis();
      long start = System.nanoTime();
      Dataset<Row> query = spark.sql("SELECT " + select + " FROM parquet.`" + input + "`");
      query.write().format("noop").mode("overwrite").save();
      double wall = (System.nanoTime() - start) / 1e9;
      long endMs = System.currentTimeMillis();
      long rows = spark.read().parquet(input).count();
      System.out.printf("wall_s=%.3f rows=%d batch=%s start_ms=%d end_ms=%d%n", wall, rows,
          spark.conf().get("spark.sql.parquet.columnarReaderBatchSize"), startMs, endMs);
      System.out.println("plan:\n" + query.queryExecution().executedPlan().treeString());
    } finally {
      spark.stop();
    }
  }
}
