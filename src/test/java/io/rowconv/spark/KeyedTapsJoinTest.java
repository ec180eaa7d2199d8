package io.rowconv.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * A taps table joined by key, as Spark plans it: broadcast when the table is under Spark's threshold, a shuffle
 * join otherwise; the same rows either way.
 */
class KeyedTapsJoinTest extends SparkTestBase {

  @Test
  void smallTableIsBroadcast_aShuffleJoinOtherwise_sameRows() {
    Dataset<Row> input = spark.sql("select id, cast(id % 7 as int) k, transform(sequence(0, 50), i -> sin(i + id)) x "
        + "from range(200)").repartition(4);
    Dataset<Row> table = spark.sql("select cast(id as int) k, transform(sequence(0, cast(id as int) + 2), "
        + "j -> 1d / (j + id + 1)) taps from range(6)"); // key 6 has no filter
    ConvolutionSpec spec = ConvolutionSpec.builder().signalColumn("x").tapsColumn("taps").tapsKeys("k").build();
    ConvolutionResult small = ConvolutionStage.apply(input, table, spec);
    assertThat(small.inputPlan()).contains("BroadcastHashJoin").doesNotContain("SortMergeJoin");
    List<Row> broadcast = sorted(small.output().collectAsList());
    assertThat(broadcast).hasSize(200 - 28); // ids 6, 13, ..., 195 (28 of them): key 6, no filter
    List<Row> shuffled;
    spark.conf().set("spark.sql.autoBroadcastJoinThreshold", "-1");
    try {
      ConvolutionResult large = ConvolutionStage.apply(input, table, spec);
      assertThat(large.inputPlan()).contains("SortMergeJoin").doesNotContain("BroadcastHashJoin");
      shuffled = sorted(large.output().collectAsList());
      assertThat(large.rowsWritten() + sorted(large.rejects().collectAsList()).size()).isEqualTo(200);
    } finally {
      spark.conf().unset("spark.sql.autoBroadcastJoinThreshold");
    }
    assertThat(shuffled).isEqualTo(broadcast);
  }

  private static List<Row> sorted(List<Row> rows) {
    List<Row> copy = new java.util.ArrayList<>(rows);
    copy.sort(java.util.Comparator.comparingLong(r -> r.getLong(0)));
    return copy;
  }
}
