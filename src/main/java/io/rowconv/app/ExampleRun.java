package io.rowconv.app;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.transform;

import io.rowconv.spark.SyntheticImages;
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
    String dims = rest.getOrDefault("dims", "1");
    rest.remove("dims");
    for (String key : rest.keySet()) {
      if (!key.equals("config")) {
        throw UserError.usage("unknown option --" + key + " for example; expected --dir DIR, --dims 1|2 (and "
            + "--config FILE)");
      }
    }
    switch (dims) {
      case "1" -> signals(spark, dir, rest, out);
      case "2" -> images(spark, dir.resolve("images"), rest, out);
      default -> throw UserError.usage("--dims '" + dims + "' for example: expected 1 or 2");
    }
  }

  private static void signals(SparkSession spark, Path dir, Map<String, String> rest, PrintStream out) {
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
    showRejects(spark, config, out, summary);
  }

  /** Row {@link #PICTURED} of the 2-D example: a motion blur (kernels cycle Gaussian, motion, box). */
  private static final long PICTURED = 4;

  private static void images(SparkSession spark, Path dir, Map<String, String> rest, PrintStream out) {
    String input = dir.resolve("input").toString();
    SyntheticImages.generate(spark, 200, 96, 9, 42, 4, 3).write().mode(SaveMode.Overwrite).parquet(input);

    Map<String, String> job = new HashMap<>(rest);
    job.put("input", input);
    job.put("output", dir.resolve("output").toString());
    job.put("write-mode", "overwrite");
    job.put("dims", "2");
    job.put("signal-col", "image");
    job.put("taps-col", "kernel");
    job.put("mode", "same");
    job.put("boundary", "symm");
    JobConfig config = JobConfig.resolve(job);
    RunSummary summary = new ConvolutionJob(spark, config).run();

    out.println("rowconv example, 2-D: input " + input + " (200 images of 96x96, each with its own 9x9 blur "
        + "kernel; mode same, boundary symm)");
    Dataset<Row> output = spark.read().parquet(config.output());
    output.orderBy("id").select(col("id"), size(col("image")).as("rows"), size(col("image").getItem(0)).as("cols"),
            size(col("kernel")).as("kernel rows"), size(col("result")).as("result rows"),
            size(col("result").getItem(0)).as("result cols"))
        .show(5, false);
    Row pictured = output.where(col("id").equalTo(PICTURED)).first();
    Path png = dir.resolve("example.png");
    ExamplePicture.write(png, matrix(pictured.getList(1)), matrix(pictured.getList(2)), matrix(pictured.getList(3)));
    out.println("rowconv example, 2-D: row " + PICTURED + " drawn to " + png
        + " (left to right: the image, its kernel enlarged, the result)");
    showRejects(spark, config, out, summary);
  }

  private static double[][] matrix(java.util.List<Object> rows) {
    double[][] m = new double[rows.size()][];
    for (int r = 0; r < m.length; r++) {
      java.util.List<Object> values = scala.jdk.javaapi.CollectionConverters.asJava(
          (scala.collection.Seq<Object>) rows.get(r));
      m[r] = values.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }
    return m;
  }

  private static void showRejects(SparkSession spark, JobConfig config, PrintStream out, RunSummary summary) {
    spark.read().parquet(config.rejects()).select("id", "reject_reason", "reject_message").orderBy("id")
        .show(5, false);
    out.println(summary.toText());
    out.println("  summary: " + config.output() + "/" + OutputFolder.SUMMARY);
  }
}
