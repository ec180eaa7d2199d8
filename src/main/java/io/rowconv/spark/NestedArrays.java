package io.rowconv.spark;

import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.unsafe.Platform;

/**
 * Spark's bytes of an {@code array<array<double>>} without nulls (a filter bank's results), laid out in a
 * {@code double[]}: every part of the layout is whole 8-byte words, so the kernel writes each inner array's
 * values in place and the whole is an {@link UnsafeArrayData} over the buffer, without a copy.
 *
 * <pre>
 *   outer: [count] [null bits: ceil(count / 64) words] [offset and size of element i: count words] elements...
 *   inner: [length] [null bits: ceil(length / 64) words] [values: length words]
 * </pre>
 * An element's offset is in bytes from the outer array's start, in the high 32 bits; its size in the low 32.
 */
final class NestedArrays {

  private NestedArrays() {}

  /** Words of the whole array for inner arrays of {@code lengths[0 .. count)}; throws above Spark's limit. */
  static int words(int[] lengths, int count) {
    long words = 1 + (count + 63L) / 64 + count;
    for (int i = 0; i < count; i++) {
      words += innerWords(lengths[i]);
    }
    if (8 * words > Integer.MAX_VALUE - 64) {
      throw new IllegalStateException("a bank's results of " + words * 8 + " bytes do not fit one Spark array");
    }
    return (int) words;
  }

  /**
   * Writes the layout's headers into {@code buffer} (from word 0) and sets {@code valueWords[i]} to the word
   * where inner array {@code i}'s values go.
   */
  static void writeHeaders(double[] buffer, int[] lengths, int count, int[] valueWords) {
    int headerWords = 1 + (count + 63) / 64;
    put(buffer, 0, count);
    for (int w = 1; w < headerWords; w++) {
      put(buffer, w, 0); // no null elements
    }
    int at = headerWords + count;
    for (int i = 0; i < count; i++) {
      int inner = innerWords(lengths[i]);
      put(buffer, headerWords + i, ((long) at * 8 << 32) | (inner * 8L));
      put(buffer, at, lengths[i]);
      int nullWords = (lengths[i] + 63) / 64;
      for (int w = 1; w <= nullWords; w++) {
        put(buffer, at + w, 0);
      }
      valueWords[i] = at + 1 + nullWords;
      at += inner;
    }
  }

  /** {@code array} pointed at the layout in {@code buffer} of {@code words} words. */
  static void point(UnsafeArrayData array, double[] buffer, int words) {
    array.pointTo(buffer, Platform.DOUBLE_ARRAY_OFFSET, 8 * words);
  }

  private static int innerWords(int length) {
    return 1 + (length + 63) / 64 + length;
  }

  private static void put(double[] buffer, int word, long value) {
    Platform.putLong(buffer, Platform.DOUBLE_ARRAY_OFFSET + 8L * word, value);
  }
}
