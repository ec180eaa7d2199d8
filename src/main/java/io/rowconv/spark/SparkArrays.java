package io.rowconv.spark;

import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.Platform;

/**
 * Reads of Spark's array data at memory speed: the null bits of an {@link UnsafeArrayData} a word (64 elements)
 * at a time, and where its values start, for bulk copies. Other {@link ArrayData} go element by element.
 */
public final class SparkArrays {

  private SparkArrays() {}

  /** Index of the first null element of {@code array}, or -1 when it has none. */
  public static int firstNullElement(ArrayData array) {
    int n = array.numElements();
    if (array instanceof UnsafeArrayData unsafe) {
      long bits = unsafe.getBaseOffset() + 8; // the null bits follow the 8-byte element count
      for (int word = 0; word * 64 < n; word++) {
        long nulls = Platform.getLong(unsafe.getBaseObject(), bits + 8L * word);
        if (nulls != 0) {
          int index = word * 64 + Long.numberOfTrailingZeros(nulls);
          return index < n ? index : -1;
        }
      }
      return -1;
    }
    for (int i = 0; i < n; i++) {
      if (array.isNullAt(i)) {
        return i;
      }
    }
    return -1;
  }

  /** Address (relative to its base object) of the first value of {@code array}; the values are contiguous. */
  public static long valuesOffset(UnsafeArrayData array) {
    return array.getBaseOffset() + UnsafeArrayData.calculateHeaderPortionInBytes(array.numElements());
  }
}
