package io.rowconv.spark;

import org.apache.spark.util.LongAccumulator;

/**
 * Publishes a partition's counts once, when its pass ends. The passes run in the final (result) stage of the
 * write, where Spark merges each partition's accumulator updates once, from the attempt that succeeded: the
 * totals are exact under task retries and speculation.
 */
final class PassCounts {

  private PassCounts() {}

  static void add(LongAccumulator accumulator, long count) {
    if (count > 0) {
      accumulator.add(count);
    }
  }

  static void add(LongAccumulator[] accumulators, long[] counts) {
    for (int i = 0; i < counts.length; i++) {
      add(accumulators[i], counts[i]);
    }
  }
}
