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
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Locale;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

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
  private static final String PARQUET = "parquet";
  /**
   * Rows per batch of Spark's vectorized Parquet reader (Spark's default is 4096). A batch holds every array
   * element of its rows in column vectors that grow by doubling, new for every task: at n = 4096 that is
   * 128 MB of signal values per 4096-row batch. 512-row batches keep that to 16 MB and ran read + compute
   * about 12% faster (48,000 rows, n = 4096, k = 64, noop: 8.5 -> 7.5 s mean of three; docs/PERFORMANCE.md).
   * Applied only when the session does not set it.
   */
  static final String PARQUET_READER_BATCH = "spark.sql.parquet.columnarReaderBatchSize";
  static final String PARQUET_READER_BATCH_ROWS = "512";
  private static final AtomicLong OBSERVATIONS = new AtomicLong();
  private static final scala.concurrent.duration.FiniteDuration OBSERVATION_WAIT =
      scala.concurrent.duration.Duration.create(10, java.util.concurrent.TimeUnit.SECONDS);

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
    DataFrameReader reader = spark.read().format(config.inputFormat());
    if (PARQUET.equalsIgnoreCase(config.inputFormat())) {
      // the schema Spark would infer, without the job Spark runs for it (where that is simple)
      ParquetInputSchema.of(spark, config.input()).ifPresent(reader::schema);
    }
    Dataset<Row> input = reader.load(config.input());
    for (String column : config.partitionBy()) {
      if (!java.util.Arrays.asList(input.schema().fieldNames()).contains(column)) {
        throw UserError.input("--partition-by column '" + column + "' is not an input column");
      }
    }
    ConvolutionResult result = ConvolutionStage.apply(input, config.spec());
    LOG.info("rowconv: " + config.spec() + ", input " + config.input());

    // Rows read are counted by the pass that reads them (every row, good or bad), not by a separate count
    // job: one read of a clean input in all. When both passes run, they must agree.
    long rowsRead;
    long rowsWritten;
    long rowsRejected;
    if (config.rejectLimit().isUnlimited()) {
      // The output first; the rejects pass runs only when the output is short of rows, and an empty
      // rejects dataset is written otherwise.
      rowsWritten = write(result.output(), config.output(), config.outputFormat());
      rowsRead = result.rowsReadByOutput().value();
      if (rowsWritten < rowsRead) {
        rowsRejected = write(result.rejects(), config.rejects(), rejectsFormat());
        checkSameRowsRead(rowsRead, result.rowsReadByRejects().value());
      } else {
        rowsRejected = write(spark.createDataFrame(java.util.List.of(), result.rejects().schema()),
            config.rejects(), rejectsFormat());
      }
    } else {
      // A limit: the rejects first, so that a run over it stops before writing any output.
      rowsRejected = write(result.rejects(), config.rejects(), rejectsFormat());
      rowsRead = result.rowsReadByRejects().value();
      if (config.rejectLimit().exceeded(rowsRejected, rowsRead)) {
        throw new UserError(UserError.Category.REJECT_LIMIT, rowsRejected + " of " + rowsRead
            + " rows were rejected, more than --max-rejects " + config.rejectLimit()
            + " allows; no output was written. The rejected rows and their reasons are in " + config.rejects());
      }
      rowsWritten = write(result.output(), config.output(), config.outputFormat());
      checkSameRowsRead(rowsRead, result.rowsReadByOutput().value());
    }
    Map<String, Long> byReason = result.rowsRejectedByReason();
    long reasonTotal = byReason.values().stream().mapToLong(Long::longValue).sum();
    if (rowsRead != rowsWritten + rowsRejected || reasonTotal != rowsRejected) {
      deleteSuccessMarker();
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
        config.spec().precision().name().toLowerCase(java.util.Locale.ROOT),
        spark.sparkContext().applicationId());
    writeSummary(summary);
    return summary;
  }

  /** Both passes read the same input: a different row count means the input changed under the run. */
  private void checkSameRowsRead(long first, long second) {
    if (first != second) {
      deleteSuccessMarker();
      throw new IllegalStateException("the input changed during the run: one pass read " + first
          + " rows, the other " + second + "; the output's _SUCCESS marker was removed");
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
   * Writes {@code rows} and returns how many rows the write committed: the write's own {@code numOutputRows}
   * where the sink reports one ({@link WriteMetrics}: Spark's file sources, {@code noop}, {@code
   * arrow-parquet}), else the rows that the write's successful tasks passed to the sink, observed in the
   * write's final stage (e.g. a V1 relation provider such as {@code jdbc}). Both are exact under task retries
   * and speculation: Spark merges a result stage's metrics once per partition, from the attempt that
   * succeeded. Only the second adds an aggregate to the plan (and a class compiled for it in the first task).
   */
  private long write(Dataset<Row> rows, String path, String format) {
    boolean sinkCounts = WriteMetrics.sinkCountsRows(spark, format);
    Observation observed = sinkCounts ? null : new Observation("rowconv_rows_" + OBSERVATIONS.incrementAndGet());
    Dataset<Row> counted = sinkCounts ? rows : rows.observe(observed, functions.count(functions.lit(1)).as("rows"));
    DataFrameWriter<Row> writer = counted.write().format(format);
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
    // the listener only where the sink's own count is read (an observed write needs none)
    WriteMetrics metrics = sinkCounts ? WriteMetrics.forWriteTo(spark, path) : null;
    try {
      writer.save(path);
      if (metrics != null) {
        long committed = metrics.awaitWrittenRows();
        if (committed < 0) {
          throw new IllegalStateException("the write to '" + path + "' (" + format + ") reported no row count");
        }
        return committed;
      }
    } catch (Exception e) {
      // Scala throws AnalysisException (checked to Java) undeclared: here it means the options do not fit the sink.
      if (e instanceof AnalysisException) {
        throw new UserError(UserError.Category.USAGE, "cannot write '" + path + "' with --output-format "
            + format + " and --write-mode " + config.writeMode().name().toLowerCase(Locale.ROOT)
            + ": " + e.getMessage(), e);
      }
      throw e;
    } finally {
      if (metrics != null) {
        metrics.close();
      }
    }
    // Spark completes an observation on the thread that ran its plan, before that action returns: a sink
    // that read the rows some other way (its RDD) has left it open, and waiting would never end.
    Object rowsSeen;
    try {
      rowsSeen = scala.concurrent.Await.result(observed.future(), OBSERVATION_WAIT).getAs("rows");
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the write to '" + path + "' (" + format + ") gave no row count: the sink "
          + "did not run the observed plan, so the rows it wrote cannot be checked", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the row count of the write to " + path, e);
    }
    if (!(rowsSeen instanceof Long count)) {
      throw new IllegalStateException("the write to '" + path + "' (" + format + ") reported no row count");
    }
    return count;
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
