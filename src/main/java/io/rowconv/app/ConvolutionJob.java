package io.rowconv.app;

import io.rowconv.spark.ConvolutionResult;
import io.rowconv.spark.ConvolutionSpec;
import io.rowconv.spark.ConvolutionStage;
import io.rowconv.spark.LandedRows;
import io.rowconv.spark.UserError;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * One run of the batch job: read the input and plan the stage (schema problems stop it here, before anything
 * is written), claim the output and rejects folders ({@link OutputFolder}), write the output and the rejects,
 * check that every row landed exactly once (the passes' counts, then the rows counted in the committed files),
 * then mark both folders as succeeded; a run that fails marks them as failed instead, leaving nothing that
 * blocks the same command's rerun.
 *
 * <p>Without a reject limit the output is written first and the rejects pass (a second read of the input)
 * runs only when some rows did not reach the output. With a limit ({@code --max-rejects}) the rejects are
 * written first, so that a run over its limit stops before writing any output.
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
    List<OutputFolder> folders = new ArrayList<>();
    OutputFolder output = writesFiles() ? folder("output", "--output", config.output(), hadoop) : null;
    OutputFolder rejects = folder("rejects", "--rejects", config.rejects(), hadoop);
    if (output != null) {
      folders.add(output);
    }
    folders.add(rejects);
    folders.forEach(OutputFolder::precheck);

    if (!spark.conf().contains(PARQUET_READER_BATCH)) {
      spark.conf().set(PARQUET_READER_BATCH, PARQUET_READER_BATCH_ROWS);
    }
    ConvolutionResult result = plan();
    LOG.info("rowconv: " + config.spec() + ", input " + config.input()
        + (config.tapsTable() == null ? "" : ", taps table " + config.tapsTable())
        + (config.tapsFile() == null ? "" : ", taps file " + config.tapsFile()));

    OutputClaim.Holder me = OutputClaim.Holder.ofThisProcess(spark.sparkContext().applicationId(),
        config.writeMode().name().toLowerCase(Locale.ROOT));
    claimAll(folders, me);
    Progress progress = new Progress(startedAt, start, result);
    List<OutputClaim> claims = folders.stream().map(OutputFolder::claim).toList();
    try (AutoCloseable renewal = OutputClaim.renewEvery(config.claimExpiry().dividedBy(10), claims)) {
      writeBoth(result, output, rejects);
      RunSummary.Verified verified = verify(result, output, rejects);
      RunSummary summary = progress.summary("succeeded", verified);
      byte[] json = summary.toJson().getBytes(StandardCharsets.UTF_8);
      for (OutputFolder folder : folders) {
        folder.succeed(json);
      }
      writeSummaryFile(json);
      return summary;
    } catch (Exception | Error failure) {
      UserError input = InputFailures.asInputError(failure);
      byte[] json = progress.summary("failed", RunSummary.Verified.NONE)
          .failed(input != null ? input.getMessage() : String.valueOf(failure.getMessage()))
          .toJson().getBytes(StandardCharsets.UTF_8);
      for (OutputFolder folder : folders) {
        try {
          folder.fail(json);
        } catch (RuntimeException e) {
          failure.addSuppressed(e);
        }
      }
      try {
        writeSummaryFile(json);
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
      }
      if (input != null) {
        throw input;
      }
      throw sneaky(failure);
    }
  }

  /**
   * Reads the input and plans the stage: a missing or mistyped column, an input Spark cannot read or infer a
   * schema from, stop the run here, before any folder is touched.
   */
  private ConvolutionResult plan() {
    try {
      Dataset<Row> input = spark.read().format(config.inputFormat()).load(config.input());
      for (String column : config.partitionBy()) {
        if (!java.util.Arrays.asList(input.schema().fieldNames()).contains(column)) {
          throw UserError.input("--partition-by column '" + column + "' is not an input column");
        }
      }
      ConvolutionSpec spec = config.spec();
      if (config.tapsFile() != null) {
        spec = spec.toBuilder().sharedTaps(SharedTaps.read(config.tapsFile(),
            spark.sparkContext().hadoopConfiguration())).build();
      }
      if (config.tapsTable() != null) {
        Dataset<Row> table = spark.read().format(config.tapsTableFormat()).load(config.tapsTable());
        return ConvolutionStage.apply(input, table, spec);
      }
      return ConvolutionStage.apply(input, spec);
    } catch (Exception e) {
      UserError input = InputFailures.asInputError(e);
      if (input != null) {
        throw input;
      }
      throw sneaky(e);
    }
  }

  private OutputFolder folder(String what, String option, String location, Configuration hadoop) {
    Path path = new Path(location);
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      return new OutputFolder(what, option, fs.makeQualified(path), fs, config.writeMode(), config.force(),
          !config.partitionBy().isEmpty());
    } catch (IOException | IllegalArgumentException e) {
      throw UserError.usage("bad path '" + location + "' (" + option + "): " + e.getMessage());
    }
  }

  /** Claims every folder, then prepares them: a folder another run holds stops the run before any changes. */
  private static void claimAll(List<OutputFolder> folders, OutputClaim.Holder me, java.time.Duration expiry) {
    List<OutputFolder> claimed = new ArrayList<>();
    try {
      for (OutputFolder folder : folders) {
        folder.claim(me, expiry);
        claimed.add(folder);
      }
      for (OutputFolder folder : folders) {
        folder.prepare();
      }
    } catch (RuntimeException e) {
      claimed.forEach(OutputFolder::unclaim);
      throw e;
    }
  }

  private void claimAll(List<OutputFolder> folders, OutputClaim.Holder me) {
    claimAll(folders, me, config.claimExpiry());
  }

  private void writeBoth(ConvolutionResult result, OutputFolder output, OutputFolder rejects) {
    // Every count comes from the pass that made the rows (ConvolutionResult), merged once per partition in the
    // write's result stage: rows read by the pass that reads them (every row, good or bad; no separate count
    // job, so a clean input is read once), rows written and rejected by the passes that emit them.
    long rowsRead;
    if (config.rejectLimit().isUnlimited()) {
      // The output first; the rejects pass runs only when the output is short of rows, and an empty
      // rejects dataset is written otherwise.
      write(result.output(), config.output(), config.outputFormat());
      result.checkOutputCountedOnce();
      rowsRead = result.rowsReadByOutput();
      if (result.rowsWritten() < rowsRead) {
        write(result.rejects(), config.rejects(), rejectsFormat());
        result.checkRejectsCountedOnce();
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
      result.checkOutputCountedOnce();
      checkSameRowsRead(rowsRead, result.rowsReadByOutput());
    }
    long rowsWritten = result.rowsWritten();
    long rowsRejected = result.rowsRejected();
    if (rowsRead != rowsWritten + rowsRejected) {
      throw new IllegalStateException("row accounting failed: read " + rowsRead + " rows but wrote " + rowsWritten
          + " and rejected " + rowsRejected + " (by reason " + result.rowsRejectedByReason() + ")");
    }
  }

  /** Both passes read the same input: a different row count means the input changed under the run. */
  private static void checkSameRowsRead(long first, long second) {
    if (first != second) {
      throw new IllegalStateException("the input changed during the run: one pass read " + first
          + " rows, the other " + second);
    }
  }

  /**
   * Counts the rows in the files this run committed to each folder, where the format allows
   * ({@link LandedRows}), and fails when they are not the rows the run wrote.
   */
  private RunSummary.Verified verify(ConvolutionResult result, OutputFolder output, OutputFolder rejects) {
    String outputHow = output == null ? null : LandedRows.countable(config.outputFormat());
    String rejectsHow = LandedRows.countable(rejectsFormat());
    Long outputRows = null;
    if (outputHow != null) {
      outputRows = landed(output, config.outputFormat(), result.output().schema(), result.rowsWritten());
    }
    Long rejectsRows = null;
    if (rejectsHow != null) {
      rejectsRows = landed(rejects, rejectsFormat(), result.rejects().schema(), result.rowsRejected());
    }
    String how = outputHow == null || outputHow.equals(rejectsHow) ? rejectsHow
        : rejectsHow == null ? outputHow : outputHow + " (output) and " + rejectsHow + " (rejects)";
    return new RunSummary.Verified(outputRows, rejectsRows, how);
  }

  private long landed(OutputFolder folder, String format, org.apache.spark.sql.types.StructType schema, long wrote) {
    long rows = LandedRows.count(spark, format, folder.path(), folder.newFiles(), schema);
    if (rows != wrote) {
      throw new IllegalStateException("the files this run committed to " + folder.path() + " hold " + rows
          + " rows, but it wrote " + wrote + ": the folder does not hold this run's rows alone");
    }
    return rows;
  }

  /** What the run has counted so far, for its summary whenever it ends. */
  private final class Progress {
    private final String startedAt;
    private final long start;
    private final ConvolutionResult result;

    Progress(String startedAt, long start, ConvolutionResult result) {
      this.startedAt = startedAt;
      this.start = start;
      this.result = result;
    }

    RunSummary summary(String status, RunSummary.Verified verified) {
      return new RunSummary(status, startedAt, (System.nanoTime() - start) / 1e9,
          Math.max(result.rowsReadByOutput(), result.rowsReadByRejects()), result.rowsWritten(),
          result.rowsRejected(), result.rowsRejectedByReason(), result.rowsComputedByMethod(), config.input(),
          config.output(), config.rejects(), config.spec().operation().cliName(), config.spec().mode().cliName(),
          config.spec().precision().name().toLowerCase(Locale.ROOT), spark.sparkContext().applicationId(),
          verified, null);
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
   * Writes {@code rows} in {@code format} to {@code path}, a folder the run has claimed and prepared for its
   * write mode ({@link OutputFolder}): so a file sink appends (a partitioned overwrite replaces the partitions
   * it writes), and Spark's own {@code _SUCCESS} is off (the run writes its own once the rows are counted).
   */
  private void write(Dataset<Row> rows, String path, String format) {
    DataFrameWriter<Row> writer = rows.write().format(format).option(SPARKS_SUCCESS_MARKER, "false");
    if (config.compression() != null) {
      writer = writer.option("compression", config.compression());
    }
    if (NOOP.equalsIgnoreCase(format)) {
      writer = writer.mode(SaveMode.Overwrite); // noop takes overwrite or append only
    } else if (config.writeMode() == JobConfig.WriteMode.OVERWRITE && !config.partitionBy().isEmpty()) {
      writer = writer.mode(SaveMode.Overwrite).option("partitionOverwriteMode", "dynamic");
    } else {
      writer = writer.mode(SaveMode.Append);
    }
    if (!config.partitionBy().isEmpty()) {
      writer = writer.partitionBy(config.partitionBy().toArray(new String[0]));
    }
    try {
      writer.save(path);
    } catch (Exception e) {
      // Scala throws AnalysisException (checked to Java) undeclared: here it means the options do not fit the sink.
      if (e instanceof AnalysisException && InputFailures.asInputError(e) == null) {
        throw new UserError(UserError.Category.USAGE, "cannot write '" + path + "' with --output-format "
            + format + " and --write-mode " + config.writeMode().name().toLowerCase(Locale.ROOT)
            + ": " + e.getMessage(), e);
      }
      throw sneaky(e);
    }
  }

  /** Hadoop's switch for the {@code _SUCCESS} file of its output committer (file sources and arrow-parquet). */
  private static final String SPARKS_SUCCESS_MARKER = "mapreduce.fileoutputcommitter.marksuccessfuljobs";

  private void writeSummaryFile(byte[] json) {
    if (config.summary() == null) {
      return;
    }
    Path path = new Path(config.summary());
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream out = fs.create(path, true)) {
        out.write(json);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the run summary to " + path, e);
    }
  }

  /** Rethrows {@code t} as it is (Scala code throws checked exceptions undeclared). */
  @SuppressWarnings("unchecked")
  private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
    throw (T) t;
  }
}
