package io.rowconv.app;

import io.rowconv.spark.ConvolutionResult;
import io.rowconv.spark.ConvolutionStage;
import io.rowconv.spark.UserError;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Locale;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * One run of the batch job: read, classify, write the rejects, enforce the reject limit, convolve and
 * write the output, check that every row landed exactly once, write the summary.
 *
 * <p>The rejects are written first: they are cheap (no kernel) and a run over its reject limit then stops
 * before writing any output, so no {@code _SUCCESS} appears there.
 */
final class ConvolutionJob {

  private static final Logger LOG = LoggerFactory.getLogger(ConvolutionJob.class);

  private final SparkSession spark;
  private final JobConfig config;

  ConvolutionJob(SparkSession spark, JobConfig config) {
    this.spark = spark;
    this.config = config;
  }

  RunSummary run() {
    long start = System.nanoTime();
    String startedAt = Instant.now().toString();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    new OutputGuard(hadoop).check(config);

    Dataset<Row> input = spark.read().format(config.inputFormat()).load(config.input());
    for (String column : config.partitionBy()) {
      if (!java.util.Arrays.asList(input.schema().fieldNames()).contains(column)) {
        throw UserError.input("--partition-by column '" + column + "' is not an input column");
      }
    }
    ConvolutionResult result = ConvolutionStage.apply(input, config.spec());
    LOG.info("rowconv: " + config.spec() + ", input " + config.input());

    WriteMetrics metrics = new WriteMetrics();
    spark.listenerManager().register(metrics);
    try {
      long rowsRead = input.count();
      write(result.rejects(), config.rejects());
      long rowsRejected = countedRows(metrics);
      if (config.rejectLimit().exceeded(rowsRejected, rowsRead)) {
        throw new UserError(UserError.Category.REJECT_LIMIT, rowsRejected + " of " + rowsRead
            + " rows were rejected, more than --max-rejects " + config.rejectLimit()
            + " allows; no output was written. The rejected rows and their reasons are in " + config.rejects());
      }
      write(result.output(), config.output());
      long rowsWritten = countedRows(metrics);
      Map<String, Long> byReason = rowsRejected == 0 ? Map.of() : countByReason(result.rejects());
      long reasonTotal = byReason.values().stream().mapToLong(Long::longValue).sum();
      if (rowsRead != rowsWritten + rowsRejected || reasonTotal != rowsRejected) {
        deleteSuccessMarker(config.output());
        throw new IllegalStateException("row accounting failed: read " + rowsRead + " rows but wrote " + rowsWritten
            + " and rejected " + rowsRejected + " (by reason " + byReason + "); the output is incomplete "
            + "and its _SUCCESS marker was removed");
      }
      Map<String, Long> byMethod = result.rowsComputedByMethod();
      long computed = byMethod.values().stream().mapToLong(Long::longValue).sum();
      if (computed != rowsWritten) {
        LOG.warn("rows by method add up to {} but {} rows were written: the per-method counts are off", computed,
            rowsWritten);
      }
      RunSummary summary = new RunSummary("succeeded", startedAt, (System.nanoTime() - start) / 1e9,
          rowsRead, rowsWritten, rowsRejected, byReason, byMethod, config.input(), config.output(),
          config.rejects(), config.spec().operation().cliName(), config.spec().mode().cliName(),
          spark.sparkContext().applicationId());
      writeSummary(summary);
      return summary;
    } finally {
      spark.listenerManager().unregister(metrics);
    }
  }

  private long countedRows(WriteMetrics metrics) {
    long rows = metrics.awaitWrittenRows();
    if (rows < 0) {
      throw UserError.usage("--output-format " + config.outputFormat() + " reports no written row count, so the "
          + "job cannot prove that no row was lost; use a file format (parquet, orc, json, avro)");
    }
    return rows;
  }

  private void write(Dataset<Row> rows, String path) {
    DataFrameWriter<Row> writer = rows.write()
        .format(config.outputFormat())
        .option("compression", config.compression());
    switch (config.writeMode()) {
      case ERROR -> writer = writer.mode(SaveMode.ErrorIfExists);
      case APPEND -> writer = writer.mode(SaveMode.Append);
      case OVERWRITE -> {
        writer = writer.mode(SaveMode.Overwrite);
        if (!config.partitionBy().isEmpty()) {
          // a rerun replaces only the partitions it writes
          writer = writer.option("partitionOverwriteMode", "dynamic");
        }
      }
      default -> throw new AssertionError(config.writeMode());
    }
    if (!config.partitionBy().isEmpty()) {
      writer = writer.partitionBy(config.partitionBy().toArray(new String[0]));
    }
    try {
      writer.save(path);
    } catch (Exception e) {
      // Scala throws AnalysisException (checked to Java) undeclared: here it means the options do not fit the sink.
      if (e instanceof AnalysisException) {
        throw new UserError(UserError.Category.USAGE, "cannot write '" + path + "' with --output-format "
            + config.outputFormat() + " and --write-mode " + config.writeMode().name().toLowerCase(Locale.ROOT)
            + ": " + e.getMessage(), e);
      }
      throw e;
    }
  }

  private static Map<String, Long> countByReason(Dataset<Row> rejects) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Row row : rejects.groupBy("reject_reason").count().collectAsList()) {
      counts.put(row.getString(0), row.getLong(1));
    }
    return counts;
  }

  private void writeSummary(RunSummary summary) {
    byte[] json = summary.toJson().getBytes(StandardCharsets.UTF_8);
    writeFile(new Path(config.output(), OutputGuard.MARKER), json);
    writeFile(new Path(config.rejects(), OutputGuard.MARKER), json);
    if (config.summary() != null) {
      writeFile(new Path(config.summary()), json);
    }
  }

  private void writeFile(Path path, byte[] content) {
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream out = fs.create(path, true)) {
        out.write(content);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the run summary to " + path, e);
    }
  }

  private void deleteSuccessMarker(String output) {
    try {
      Path marker = new Path(output, "_SUCCESS");
      marker.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(marker, false);
    } catch (IOException e) {
      LOG.error("could not remove " + output + "/_SUCCESS after a failed row check", e);
    }
  }
}
