package io.rowconv.app;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import io.rowconv.spark.arrowparquet.ArrowParquetSource;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.command.DataWritingCommandExec;
import org.apache.spark.sql.execution.datasources.DataSource;
import org.apache.spark.sql.execution.datasources.FileFormat;
import org.apache.spark.sql.execution.datasources.noop.NoopDataSource;
import org.apache.spark.sql.execution.datasources.v2.FileDataSourceV2;
import org.apache.spark.sql.execution.datasources.v2.V2TableWriteExec;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.sql.util.QueryExecutionListener;
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
 * the next finished write.
 */
final class WriteMetrics implements QueryExecutionListener {

  private static final long TIMEOUT_SECONDS = 300;

  /** Rows per finished write; -1 for a write whose write node reports no row count. */
  private final BlockingQueue<Long> written = new LinkedBlockingQueue<>();

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
    if (FileFormat.class.isAssignableFrom(source)) {
      return true;
    }
    return V2_WRITES_COUNT_ROWS && (FileDataSourceV2.class.isAssignableFrom(source)
        || source == NoopDataSource.class || source == ArrowParquetSource.class);
  }

  @Override
  public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
    Long rows = writtenRows(qe.executedPlan());
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

  /** The write node's row count; -1 for a write node without one; null for a plan that writes nothing. */
  private static Long writtenRows(SparkPlan plan) {
    if (plan instanceof DataWritingCommandExec || plan instanceof V2TableWriteExec) {
      Option<SQLMetric> metric = plan.metrics().get("numOutputRows");
      return metric.isDefined() ? metric.get().value() : -1L;
    }
    for (SparkPlan child : CollectionConverters.asJava(plan.children())) {
      Long rows = writtenRows(child);
      if (rows != null) {
        return rows;
      }
    }
    return null;
  }
}
