package io.rowconv.spark;

import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.Platform;

/**
 * The per-partition buffers between Spark's array memory and the kernel: signal and taps copied out as
 * {@code double[]}, and the result, which the kernel writes straight into Spark's array format (no copy). Each
 * grows to the largest row seen and is reused for every row, so a partition allocates only when a row is
 * longer than all before it.
 *
 * <p>Reads assume arrays of double without null elements ({@link RowChecks} has rejected the others): from
 * an {@link UnsafeArrayData} that is one memory copy.
 */
final class OperandBuffers {

  private double[] signal = new double[0];
  private double[] taps = new double[0];
  private double[] result = new double[0];
  private int resultOffset;
  private final UnsafeArrayData resultArray = new UnsafeArrayData();

  /** Copies the signal into {@link #signal()}; returns its length. */
  int readSignal(ArrayData array) {
    signal = read(array, signal);
    return array.numElements();
  }

  /** Copies the taps into {@link #taps()}; returns their length. */
  int readTaps(ArrayData array) {
    taps = read(array, taps);
    return array.numElements();
  }

  double[] signal() {
    return signal;
  }

  double[] taps() {
    return taps;
  }

  /**
   * Prepares the result for {@code length} values and returns the buffer the kernel writes them into, from
   * {@link #resultOffset()} on. The buffer also holds the header of Spark's array format in front, so that
   * {@link #resultArray()} wraps it without a copy.
   */
  double[] result(int length) {
    int headerWords = UnsafeArrayData.calculateHeaderPortionInBytes(length) / 8;
    if ((long) headerWords + length > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("a result of " + length + " values does not fit one Spark array");
    }
    if (result.length < headerWords + length) {
      result = new double[headerWords + length];
    }
    Platform.putLong(result, Platform.DOUBLE_ARRAY_OFFSET, length);
    java.util.Arrays.fill(result, 1, headerWords, 0.0); // no null elements: all null bits clear
    resultOffset = headerWords;
    resultArray.pointTo(result, Platform.DOUBLE_ARRAY_OFFSET, (headerWords + length) * 8);
    return result;
  }

  /** Where the values start in {@link #result(int)}'s buffer. */
  int resultOffset() {
    return resultOffset;
  }

  /** The values of the last {@link #result(int)} as Spark array data, sharing its buffer (valid until the next). */
  UnsafeArrayData resultArray() {
    return resultArray;
  }

  /** Copies {@code array} into {@code buffer}, or into a larger one when it is too short; returns the one used. */
  private static double[] read(ArrayData array, double[] buffer) {
    int length = array.numElements();
    double[] into = buffer.length < length ? new double[length] : buffer;
    if (array instanceof UnsafeArrayData unsafe) {
      Platform.copyMemory(unsafe.getBaseObject(), SparkArrays.valuesOffset(unsafe), into,
          Platform.DOUBLE_ARRAY_OFFSET, 8L * length);
    } else {
      for (int i = 0; i < length; i++) {
        into[i] = array.getDouble(i);
      }
    }
    return into;
  }
}
