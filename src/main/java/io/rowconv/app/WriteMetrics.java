package io.rowconv.app;

import io.rowconv.spark.arrowparquet.ArrowParquetSource;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.command.DataWritingCommandExec;
import org.apache.spark.sql.execution.datasources.DataSource;
import org.apache.spark.sql.execution.datasources.FileFormat;
import org.apache.spark.sql.execution.datasources.InsertIntoHadoopFsRelationCommand;
import org.apache.spark.sql.execution.datasources.noop.NoopDataSource;
import org.apache.spark.sql.execution.datasources.v2.FileDataSourceV2;
import org.apache.spark.sql.execution.datasources.v2.V2TableWriteExec;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.sql.sources.CreatableRelationProvider;
import org.apache.spark.sql.util.QueryExecutionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Exact row counts of the rows a write committed, taken from the write's own {@code numOutputRows} metric:
 * a file source's write command fills it at job commit from the statistics of the committed task attempts,
 * and Spark 4.2's DataSource V2 write node ({@code V2TableWriteExec}: {@code noop}, {@code arrow-parquet})
 * adds each partition's row count once, from the task that succeeded. Unlike an accumulator in a stage that
 * can rerun, both are exact under task retries and speculation.
 *
 * <p>Query listeners are called asynchronously on the listener bus: {@link #awaitWrittenRows()} waits for
 * the next finished write. So that it is this job's write, {@link #forWriteTo} lets the bus deliver what
 * earlier queries posted before it registers, and a file source's write counts only if it went to the path
 * (a V2 write names no path; another thread writing in the same session at the same time is not told apart).
 */
final class WriteMetrics implements QueryExecutionListener, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WriteMetrics.class);

  private static final long TIMEOUT_SECONDS = 300;

  /** Rows per finished write; -1 for a write whose write node reports no row count. */
  private final BlockingQueue<Long> written = new LinkedBlockingQueue<>();
  /** The qualified path that a file source's write must go to. */
  private final Path path;
  private final SparkSession spark;

  private WriteMetrics(SparkSession spark, Path path) {
    this.spark = spark;
    this.path = path;
  }

  /**
   * A listener for the next write to {@code path}, registered once the listener bus has delivered the events
   * of earlier queries (at most 10 s; after that the path check alone holds). {@link #close()} unregisters it.
   */
  static WriteMetrics forWriteTo(SparkSession spark, String path) {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } catch (java.util.concurrent.TimeoutException e) {
      LOG.warn("the listener bus did not empty within 10 s before the write to {}", path);
    }
    Path qualified = new Path(path);
    try {
      qualified = qualified.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(qualified);
    } catch (java.io.IOException | IllegalArgumentException e) {
      // not a file system path (a V1 relation provider's option, say): compared as given
    }
    WriteMetrics metrics = new WriteMetrics(spark, qualified);
    spark.listenerManager().register(metrics);
    return metrics;
  }

  @Override
  public void close() {
    spark.listenerManager().unregister(this);
  }

  /** Spark 4.2's V2 write node counts the rows it commits; an older Spark on the cluster may not. */
  private static final boolean V2_WRITES_COUNT_ROWS = java.util.Arrays.stream(V2TableWriteExec.class.getMethods())
      .anyMatch(m -> m.getName().equals("numOutputRowsMetric"));

  /**
   * Whether a write in {@code format} reports the rows it committed ({@code numOutputRows}): a file source
   * (its V1 write command, or its V2 write), {@code noop} and {@code arrow-parquet} (V2 writes). Any other
   * sink, or a format Spark cannot find (its write then fails with Spark's own message), is counted by an
   * observation instead.
   */
  static boolean sinkCountsRows(SparkSession spark, String format) {
    Class<?> source;
    try {
      source = DataSource.lookupDataSource(format, ((org.apache.spark.sql.classic.SparkSession) spark)
          .sessionState().conf());
    } catch (Exception | LinkageError e) {
      return false;
    }
    if (CreatableRelationProvider.class.isAssignableFrom(source)) {
      return false; // Spark saves through the provider itself (SaveIntoDataSourceCommand), even for a FileFormat
    }
    if (FileFormat.class.isAssignableFrom(source) || FileDataSourceV2.class.isAssignableFrom(source)) {
      return true; // Spark writes file sources through its V1 write command
    }
    return V2_WRITES_COUNT_ROWS && (source == NoopDataSource.class || source == ArrowParquetSource.class);
  }

  @Override
  public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
    Long rows = writtenRows(qe.executedPlan(), path);
    if (rows != null) {
      written.add(rows);
    }
  }

  @Override
  public void onFailure(String funcName, QueryExecution qe, Exception exception) {
    // A failed write throws in the driver; nothing to count.
  }

  /** Rows written by the next write to finish, or -1 when that write reported no row count. */
  long awaitWrittenRows() {
    try {
      Long rows = written.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (rows == null) {
        throw new IllegalStateException(
            "no write metrics reported within " + TIMEOUT_SECONDS + " s: cannot verify the written row count");
      }
      return rows;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for write metrics", e);
    }
  }

  /**
   * The write node's row count; -1 for a write node without one; null for a plan that writes nothing (or a
   * file source's write elsewhere than {@code path}).
   */
  private static Long writtenRows(SparkPlan plan, Path path) {
    if (plan instanceof DataWritingCommandExec command
        && command.cmd() instanceof InsertIntoHadoopFsRelationCommand insert
        && !insert.outputPath().equals(path)) {
      return null;
    }
    if (plan instanceof DataWritingCommandExec || plan instanceof V2TableWriteExec) {
      Option<SQLMetric> metric = plan.metrics().get("numOutputRows");
      return metric.isDefined() ? metric.get().value() : -1L;
    }
    for (SparkPlan child : CollectionConverters.asJava(plan.children())) {
      Long rows = writtenRows(child, path);
      if (rows != null) {
        return rows;
      }
    }
    return null;
  }
}
