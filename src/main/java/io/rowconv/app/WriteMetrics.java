package io.rowconv.app;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.sql.util.QueryExecutionListener;
import scala.Option;

/**
 * Exact row counts of the files a write committed, taken from the write command's own
 * {@code numOutputRows} metric. Spark fills that metric at job commit from the statistics of the committed
 * task attempts only, so unlike an accumulator it is exact under task retries and speculation.
 *
 * <p>Query listeners are called asynchronously on the listener bus: {@link #awaitWrittenRows()} waits for
 * the next finished write.
 */
final class WriteMetrics implements QueryExecutionListener {

  private static final long TIMEOUT_SECONDS = 300;

  /** Rows per finished write; -1 for a write whose plan reports no row count (e.g. a DataSource V2 sink). */
  private final BlockingQueue<Long> written = new LinkedBlockingQueue<>();

  @Override
  public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
    Long rows = writtenRows(qe.executedPlan());
    if (rows != null) {
      written.add(rows);
    } else if (isV2Write(qe.executedPlan())) {
      written.add(-1L);
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

  /** A DataSource V2 write (AppendDataExec, OverwriteByExpressionExec, ...): it reports no row count. */
  private static boolean isV2Write(SparkPlan plan) {
    String name = plan.getClass().getSimpleName();
    if (name.startsWith("AppendData") || name.startsWith("Overwrite") || name.startsWith("WriteToDataSourceV2")) {
      return true;
    }
    for (SparkPlan child : scala.jdk.javaapi.CollectionConverters.asJava(plan.children())) {
      if (isV2Write(child)) {
        return true;
      }
    }
    return false;
  }

  private static Long writtenRows(SparkPlan plan) {
    if (plan.getClass().getSimpleName().equals("DataWritingCommandExec")) {
      Option<SQLMetric> metric = plan.metrics().get("numOutputRows");
      if (metric.isDefined()) {
        return metric.get().value();
      }
    }
    for (SparkPlan child : scala.jdk.javaapi.CollectionConverters.asJava(plan.children())) {
      Long rows = writtenRows(child);
      if (rows != null) {
        return rows;
      }
    }
    return null;
  }
}
