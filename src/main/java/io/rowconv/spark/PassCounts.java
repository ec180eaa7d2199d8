package io.rowconv.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * What one pass of the stage counted: the input rows it read (good and bad), the rows it emitted per category
 * (per kernel method for the output pass, per reject reason for the rejects pass), and the partitions it
 * finished. Each task publishes its partition's counts once, when its pass has read the whole partition.
 *
 * <p>Why these counts are exact: the passes run in the final (result) stage of the write that consumes them,
 * where Spark merges each partition's accumulator updates once, from the attempt that succeeded (a failed or
 * killed attempt, a speculative copy denied its commit, publishes nothing). Two things would still make them
 * wrong, and {@link #checkEveryPartitionOnce} catches both: a consumer that evaluates the pass twice (a sink
 * that reads its input twice, say), and one that stops reading a partition before its end.
 */
final class PassCounts implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String pass;
  private final String[] categories;
  private final LongAccumulator rowsRead;
  private final LongAccumulator[] rowsByCategory;
  private final LongAccumulator partitionsFinished;
  private final int partitions;

  /**
   * Registers the accumulators of {@code pass} with {@code sc}, one per category in {@code categories}; the pass
   * runs over {@code partitions} partitions.
   */
  PassCounts(SparkContext sc, String pass, String[] categories, int partitions) {
    this.pass = pass;
    this.partitions = partitions;
    this.categories = categories.clone();
    this.rowsRead = sc.longAccumulator("rowconv " + pass + ": rows read");
    this.rowsByCategory = new LongAccumulator[categories.length];
    for (int i = 0; i < categories.length; i++) {
      rowsByCategory[i] = sc.longAccumulator("rowconv " + pass + ": rows " + categories[i]);
    }
    this.partitionsFinished = sc.longAccumulator("rowconv " + pass + ": partitions finished");
  }

  /**
   * Publishes one partition's counts (on the executor, at the end of the partition): {@code rowsSeen} input
   * rows, {@code emitted[i]} rows of category {@code i}.
   */
  void publish(long rowsSeen, long[] emitted) {
    add(rowsRead, rowsSeen);
    for (int i = 0; i < emitted.length; i++) {
      add(rowsByCategory[i], emitted[i]);
    }
    partitionsFinished.add(1);
  }

  private static void add(LongAccumulator accumulator, long count) {
    if (count > 0) {
      accumulator.add(count);
    }
  }

  long rowsRead() {
    return rowsRead.value();
  }

  /** Rows emitted, all categories. */
  long rowsEmitted() {
    long rows = 0;
    for (LongAccumulator accumulator : rowsByCategory) {
      rows += accumulator.value();
    }
    return rows;
  }

  /** Rows emitted per category, in the order given, with or without the categories that counted none. */
  Map<String, Long> rowsByCategory(boolean withZeros) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int i = 0; i < categories.length; i++) {
      long count = rowsByCategory[i].value();
      if (withZeros || count > 0) {
        counts.put(categories[i], count);
      }
    }
    return counts;
  }

  /**
   * Throws when the pass did not finish each of its partitions exactly once since it was planned: its counts
   * would not be those of one complete evaluation.
   */
  void checkEveryPartitionOnce() {
    long finished = partitionsFinished.value();
    if (finished != partitions) {
      throw new IllegalStateException("the " + pass + " pass finished " + finished + " partitions of its "
          + partitions + ": its rows were " + (finished > partitions ? "read more than once (a sink that "
          + "evaluates its input twice?)" : "not all read") + ", so its row counts are not those of one write");
    }
  }
}
