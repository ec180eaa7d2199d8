package io.rowconv.spark.arrowparquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.spark.internal.io.FileCommitProtocol;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.connector.write.PhysicalWriteInfo;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver side of an {@code arrow-parquet} write: sets up Spark's file commit protocol for the output
 * path, hands it to the tasks, and commits (or aborts) the job with the committed tasks' messages.
 */
final class ArrowParquetBatchWrite implements BatchWrite {

  private static final Logger LOG = LoggerFactory.getLogger(ArrowParquetBatchWrite.class);
  private static final String COMMIT_PROTOCOL = "spark.sql.sources.commitProtocolClass";
  private static final String DEFAULT_COMMIT_PROTOCOL =
      "org.apache.spark.sql.execution.datasources.SQLHadoopMapReduceCommitProtocol";
  static final long DEFAULT_BATCH_BYTES = 32L << 20;

  private final StructType schema;
  private final Path path;
  private final boolean truncate;
  private final long batchBytes;
  private final String timeZone;
  private final FileCommitProtocol committer;
  private final Job job;
  private final String jobTrackerId;

  ArrowParquetBatchWrite(SparkSession spark, StructType schema, CaseInsensitiveStringMap options, boolean truncate) {
    String location = options.get("path");
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException(ArrowParquetSource.SHORT_NAME + " needs a path: save(path)");
    }
    String codec = options.getOrDefault("compression", "uncompressed").toLowerCase(Locale.ROOT);
    if (!codec.equals("uncompressed") && !codec.equals("none")) {
      throw new IllegalArgumentException(ArrowParquetSource.SHORT_NAME + " writes uncompressed Parquet only "
          + "(Arrow's Java dataset writer has no codec option); got compression '" + codec + "'");
    }
    this.schema = schema;
    this.path = new Path(location);
    this.truncate = truncate;
    this.batchBytes = options.getLong("batchBytes", DEFAULT_BATCH_BYTES);
    this.timeZone = spark.conf().get("spark.sql.session.timeZone");
    this.jobTrackerId = new SimpleDateFormat("yyyyMMddHHmmss", Locale.US).format(new Date());
    this.committer = FileCommitProtocol.instantiate(spark.conf().get(COMMIT_PROTOCOL, DEFAULT_COMMIT_PROTOCOL),
        UUID.randomUUID().toString(), location, false);
    try {
      this.job = Job.getInstance(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // the write's options reach the Hadoop configuration of the commit, as they do for Spark's file sources
    // (e.g. mapreduce.fileoutputcommitter.marksuccessfuljobs=false)
    options.asCaseSensitiveMap().forEach((key, value) -> {
      if (!key.equalsIgnoreCase("path")) {
        job.getConfiguration().set(key, value);
      }
    });
    job.setOutputKeyClass(Void.class);
    job.setOutputValueClass(InternalRow.class);
    FileOutputFormat.setOutputPath(job, path);
    committer.setupJob(job);
  }

  @Override
  public DataWriterFactory createBatchWriterFactory(PhysicalWriteInfo info) {
    return new ArrowParquetWriterFactory(committer, new SerializableConfiguration(job.getConfiguration()), schema,
        jobTrackerId, batchBytes, timeZone);
  }

  /**
   * False: the commit protocol's own {@code commitTask} asks Spark's output commit coordinator (as for
   * Spark's file sources), and a second request for the same attempt would be denied.
   */
  @Override
  public boolean useCommitCoordinator() {
    return false;
  }

  @Override
  public void commit(WriterCommitMessage[] messages) {
    List<FileCommitProtocol.TaskCommitMessage> tasks = new ArrayList<>();
    long rows = 0;
    for (WriterCommitMessage message : messages) {
      ArrowParquetDataWriter.Committed committed = (ArrowParquetDataWriter.Committed) message;
      tasks.add(committed.taskCommit());
      rows += committed.rows();
    }
    if (truncate) {
      deleteExistingData();
    }
    committer.commitJob(job, scala.jdk.javaapi.CollectionConverters.asScala(tasks).toSeq());
    LOG.info("{}: committed {} rows from {} tasks to {}", ArrowParquetSource.SHORT_NAME, rows, tasks.size(), path);
  }

  @Override
  public void abort(WriterCommitMessage[] messages) {
    committer.abortJob(job);
  }

  /** Overwrite: removes what the folder held before this job, keeping the job's own staging folder. */
  private void deleteExistingData() {
    try {
      FileSystem fs = path.getFileSystem(job.getConfiguration());
      if (!fs.exists(path)) {
        return;
      }
      for (FileStatus child : fs.listStatus(path)) {
        if (!child.getPath().getName().equals("_temporary")) {
          fs.delete(child.getPath(), true);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear " + path + " for overwrite", e);
    }
  }
}
