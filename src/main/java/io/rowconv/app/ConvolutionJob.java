package io.rowconv.app;

import io.rowconv.spark.ConvolutionResult;
import io.rowconv.spark.ConvolutionStage;
import io.rowconv.spark.UserError;
import io.rowconv.spark.arrowparquet.ArrowParquetSource;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
 * One run of the batch job: read, convolve and write the output, write the rejects, check that every row
 * landed exactly once, write the summary.
 *
 * <p>Without a reject limit the output is written first and the rejects pass (a second read of the input)
 * runs only when some rows did not reach the output. With a limit ({@code --max-rejects}) the rejects are
 * written first, so that a run over its limit stops before writing any output and no {@code _SUCCESS}
 * appears there.
 */
final class ConvolutionJob {

  private static final Logger LOG = LoggerFactory.getLogger(ConvolutionJob.class);
  private static final String NOOP = "noop";
  /**
   * Rows per batch of Spark's vectorized Parquet reader (Spark's default is 4096). A batch holds every array
   * element of its rows in column vectors that grow by doubling, new for every task: at n = 4096 that is
   * 128 MB of signal values per 4096-row batch. 512-row batches keep that to 16 MB and ran read + compute
   * about 12% faster (48,000 rows, n = 4096, k = 64, noop: 8.5 -> 7.5 s mean of three; docs/PERFORMANCE.md).
   * Applied only when the session does not set it.
   */
  static final String PARQUET_READER_BATCH = "spark.sql.parquet.columnarReaderBatchSize";
  static final String PARQUET_READER_BATCH_ROWS = "512";

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

    if (!spark.conf().contains(PARQUET_READER_BATCH)) {
      spark.conf().set(PARQUET_READER_BATCH, PARQUET_READER_BATCH_ROWS);
    }
    Dataset<Row> input = spark.read().format(config.inputFormat()).load(config.input());
    for (String column : config.partitionBy()) {
      if (!java.util.Arrays.asList(input.schema().fieldNames()).contains(column)) {
        throw UserError.input("--partition-by column '" + column + "' is not an input column");
      }
    }
    ConvolutionResult result = ConvolutionStage.apply(input, config.spec());
    LOG.info("rowconv: " + config.spec() + ", input " + config.input());

    // Every count comes from the pass that made the rows (ConvolutionResult), merged once per partition in the
    // write's result stage: rows read by the pass that reads them (every row, good or bad; no separate count
    // job, so a clean input is read once), rows written and rejected by the passes that emit them.
    long rowsRead;
    if (config.rejectLimit().isUnlimited()) {
      // The output first; the rejects pass runs only when the output is short of rows, and an empty
      // rejects dataset is written otherwise.
      write(result.output(), config.output(), config.outputFormat());
      verify(result::checkOutputCountedOnce);
      rowsRead = result.rowsReadByOutput();
      if (result.rowsWritten() < rowsRead) {
        write(result.rejects(), config.rejects(), rejectsFormat());
        verify(result::checkRejectsCountedOnce);
        checkSameRowsRead(rowsRead, result.rowsReadByRejects());
      } else {
        write(spark.createDataFrame(java.util.List.of(), result.rejects().schema()), config.rejects(),
            rejectsFormat());
      }
    } else {
      // A limit: the rejects first, so that a run over it stops before writing any output.
      write(result.rejects(), config.rejects(), rejectsFormat());
      result.checkRejectsCountedOnce();
      rowsRead = result.rowsReadByRejects();
      long rejected = result.rowsRejected();
      if (config.rejectLimit().exceeded(rejected, rowsRead)) {
        throw new UserError(UserError.Category.REJECT_LIMIT, rejected + " of " + rowsRead
            + " rows were rejected, more than --max-rejects " + config.rejectLimit()
            + " allows; no output was written. The rejected rows and their reasons are in " + config.rejects());
      }
      write(result.output(), config.output(), config.outputFormat());
      verify(result::checkOutputCountedOnce);
      checkSameRowsRead(rowsRead, result.rowsReadByOutput());
    }
    long rowsWritten = result.rowsWritten();
    long rowsRejected = result.rowsRejected();
    Map<String, Long> byReason = result.rowsRejectedByReason();
    verify(() -> {
      if (rowsRead != rowsWritten + rowsRejected) {
        throw new IllegalStateException("row accounting failed: read " + rowsRead + " rows but wrote "
            + rowsWritten + " and rejected " + rowsRejected + " (by reason " + byReason + ")");
      }
    });
    Map<String, Long> byMethod = result.rowsComputedByMethod();
    RunSummary summary = new RunSummary("succeeded", startedAt, (System.nanoTime() - start) / 1e9,
        rowsRead, rowsWritten, rowsRejected, byReason, byMethod, config.input(), config.output(),
        config.rejects(), config.spec().operation().cliName(), config.spec().mode().cliName(),
        config.spec().precision().name().toLowerCase(java.util.Locale.ROOT),
        spark.sparkContext().applicationId());
    writeSummary(summary);
    return summary;
  }

  /** Both passes read the same input: a different row count means the input changed under the run. */
  private void checkSameRowsRead(long first, long second) {
    verify(() -> {
      if (first != second) {
        throw new IllegalStateException("the input changed during the run: one pass read " + first
            + " rows, the other " + second);
      }
    });
  }

  /** Runs a check of what was written; when it fails, the output's {@code _SUCCESS} marker goes. */
  private void verify(Runnable check) {
    try {
      check.run();
    } catch (IllegalStateException e) {
      deleteSuccessMarker();
      throw new IllegalStateException(e.getMessage() + "; the output's _SUCCESS marker was removed", e);
    }
  }

  /** {@code noop} discards the output (to time read + compute alone); the rejects still go to real files. */
  private boolean writesFiles() {
    return !NOOP.equalsIgnoreCase(config.outputFormat());
  }

  private String rejectsFormat() {
    return writesFiles() ? config.outputFormat() : "parquet";
  }

  /**
   * Writes {@code rows} in {@code format} to {@code path}. The rows it wrote are counted by the pass that made
   * them (ConvolutionResult), in the write's result stage.
   */
  private void write(Dataset<Row> rows, String path, String format) {
    DataFrameWriter<Row> writer = rows.write().format(format);
    if (config.compression() != null) {
      writer = writer.option("compression", config.compression());
    }
    JobConfig.WriteMode mode = config.writeMode();
    if (NOOP.equalsIgnoreCase(format)) {
      mode = JobConfig.WriteMode.OVERWRITE;
    } else if (ArrowParquetSource.SHORT_NAME.equalsIgnoreCase(format) && mode == JobConfig.WriteMode.ERROR) {
      // A DataSource V2 sink takes append or overwrite only; OutputGuard has checked that the path is new.
      mode = JobConfig.WriteMode.APPEND;
    }
    switch (mode) {
      case ERROR -> writer = writer.mode(SaveMode.ErrorIfExists);
      case APPEND -> writer = writer.mode(SaveMode.Append);
      case OVERWRITE -> {
        writer = writer.mode(SaveMode.Overwrite);
        if (!config.partitionBy().isEmpty()) {
          // a rerun replaces only the partitions it writes
          writer = writer.option("partitionOverwriteMode", "dynamic");
        }
      }
      default -> throw new AssertionError(mode);
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
            + format + " and --write-mode " + config.writeMode().name().toLowerCase(Locale.ROOT)
            + ": " + e.getMessage(), e);
      }
      throw e;
    }
  }

  private void writeSummary(RunSummary summary) {
    byte[] json = summary.toJson().getBytes(StandardCharsets.UTF_8);
    if (writesFiles()) {
      writeFile(new Path(config.output(), OutputGuard.MARKER), json);
    }
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

  /** Removes the output's {@code _SUCCESS} after a failed check (a {@code noop} run has no output folder). */
  private void deleteSuccessMarker() {
    if (!writesFiles()) {
      return;
    }
    String output = config.output();
    try {
      Path marker = new Path(output, "_SUCCESS");
      marker.getFileSystem(spark.sparkContext().hadoopConfiguration()).delete(marker, false);
    } catch (IOException e) {
      LOG.error("could not remove " + output + "/_SUCCESS after a failed row check", e);
    }
  }
}
