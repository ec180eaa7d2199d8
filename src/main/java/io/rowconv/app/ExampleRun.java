package io.rowconv.app;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.transform;

import io.rowconv.spark.SyntheticSignals;
import io.rowconv.spark.UserError;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The built-in example: writes a small synthetic dataset (row 0 is the README's worked example, and three
 * rows are bad on purpose) under a folder of the project, runs the job on it and shows a few rows of the
 * output and the rejects.
 */
final class ExampleRun {

  static final String DIR_DEFAULT = "work/example";

  private ExampleRun() {}

  /** The first {@code count} elements, rounded for display. */
  private static Column head(Column array, int count) {
    return transform(slice(array, 1, count), e -> round(e, 3));
  }

  static void run(SparkSession spark, Map<String, String> options, PrintStream out) {
    Map<String, String> rest = new HashMap<>(options);
    Path dir = Path.of(rest.getOrDefault("dir", DIR_DEFAULT)).toAbsolutePath();
    rest.remove("dir");
    for (String key : rest.keySet()) {
      if (!key.equals("config")) {
        throw UserError.usage("unknown option --" + key + " for example; expected --dir DIR (and --config FILE)");
      }
    }
    String input = dir.resolve("input").toString();
    SyntheticSignals.generate(spark, 1000, 256, 16, 42, 4, true, 3).write().mode(SaveMode.Overwrite).parquet(input);

    Map<String, String> job = new HashMap<>(rest);
    job.put("input", input);
    job.put("output", dir.resolve("output").toString());
    job.put("write-mode", "overwrite");
    job.put("mode", "same");
    JobConfig config = JobConfig.resolve(job);
    RunSummary summary = new ConvolutionJob(spark, config).run();

    out.println("rowconv example: input " + input + " (1000 rows, n=256, k=16; row 0 is the worked example)");
    Dataset<Row> output = spark.read().parquet(config.output()).orderBy("id");
    output.select(col("id"), size(col("signal")).as("n"), size(col("taps")).as("k"),
            head(col("signal"), 9).as("signal[0:9]"), head(col("taps"), 4).as("taps[0:4]"),
            head(col("result"), 9).as("result[0:9] (mode same)"))
        .show(5, false);
    spark.read().parquet(config.rejects()).select("id", "reject_reason", "reject_message").orderBy("id")
        .show(5, false);
    out.println(summary.toText());
    out.println("  summary: " + config.output() + "/" + OutputFolder.SUMMARY);
  }
}
