package io.rowconv.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.rowconv.spark.SparkTestBase;
import io.rowconv.spark.arrowparquet.ArrowParquetSource;
import org.junit.jupiter.api.Test;

/** Which writes count their own rows, and that a write's count is taken from that write only. */
class WriteMetricsTest extends SparkTestBase {

  @Test
  void sinkCountsRows_fileSourcesAndV2SinksYes_relationProvidersAndUnknownNo() {
    for (String format : new String[] {"parquet", "orc", "json", "csv", "text", "noop",
        ArrowParquetSource.SHORT_NAME}) {
      assertThat(WriteMetrics.sinkCountsRows(spark, format)).as(format).isTrue();
    }
    for (String format : new String[] {"jdbc", CollectingSink.class.getName(), "no.such.Format"}) {
      assertThat(WriteMetrics.sinkCountsRows(spark, format)).as(format).isFalse();
    }
  }

  @Test
  void awaitWrittenRows_skipsAWriteToAnotherPath() {
    String ours = tempDir.resolve("metrics-ours").toString();
    String other = tempDir.resolve("metrics-other").toString();
    try (WriteMetrics metrics = WriteMetrics.forWriteTo(spark, ours)) {
      spark.range(7).write().parquet(other); // finishes first: its event must not count for ours
      spark.range(3).write().parquet(ours);
      assertThat(metrics.awaitWrittenRows()).isEqualTo(3);
    }
  }
}
