package io.rowconv.bench;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.Seq;

/**
 * The Spark jobs rowconv is compared with in bench/e2e-bench.sh, on the same input and session settings:
 *
 * <pre>
 *   SparkBaselines MASTER identity IN OUT   # read the Parquet and write it back unchanged: the I/O floor
 *   SparkBaselines MASTER naive IN OUT      # a plain UDF over boxed arrays (mode same, a scalar loop)
 * </pre>
 *
 * Prints one line {@code wall_s=... rows=...}: from reading the input's schema to the committed write (session
 * start excluded), as rowconv's own duration counts.
 */
public final class SparkBaselines {

  private SparkBaselines() {}

  public static void main(String[] args) {
    if (args.length != 4) {
      throw new IllegalArgumentException("usage: SparkBaselines MASTER identity|naive IN OUT");
    }
    SparkSession spark = SparkSession.builder()
        .master(args[0])
        .appName("rowconv-bench-" + args[1])
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.parquet.compression.codec", "snappy")
        .getOrCreate();
    try {
      long start = System.nanoTime();
      Dataset<Row> input = spark.read().parquet(args[2]);
      Dataset<Row> output = switch (args[1]) {
        case "identity" -> input;
        case "naive" -> input.withColumn("result", functions.udf(
            (UDF2<Seq<Object>, Seq<Object>, double[]>) SparkBaselines::convolveSame,
            DataTypes.createArrayType(DataTypes.DoubleType, false))
            .apply(functions.col("signal"), functions.col("taps")));
        default -> throw new IllegalArgumentException("unknown baseline " + args[1]);
      };
      output.write().mode("overwrite").parquet(args[3]);
      double wall = (System.nanoTime() - start) / 1e9;
      long rows = spark.read().parquet(args[3]).count();
      System.out.printf("wall_s=%.3f rows=%d%n", wall, rows);
    } finally {
      spark.stop();
    }
  }

  /** What a user writes first: boxed elements, a double loop, scipy's mode same slice. */
  static double[] convolveSame(Seq<Object> signal, Seq<Object> taps) {
    int n = signal.size();
    int k = taps.size();
    double[] full = new double[n + k - 1];
    for (int i = 0; i < n; i++) {
      double x = (Double) signal.apply(i);
      for (int j = 0; j < k; j++) {
        full[i + j] += x * (Double) taps.apply(j);
      }
    }
    int start = (k - 1) / 2;
    double[] same = new double[n];
    System.arraycopy(full, start, same, 0, n);
    return same;
  }
}
