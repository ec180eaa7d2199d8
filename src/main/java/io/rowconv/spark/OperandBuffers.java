package io.rowconv.spark;

import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.Platform;

/**
 * The per-partition buffers between Spark's array memory and the kernel: signal and taps copied out as
 * {@code double[]}, the result, and the result as Spark array data. Each grows to the largest row seen and is
 * reused for every row, so a partition allocates only when a row is longer than all before it.
 *
 * <p>Reads assume arrays of double without null elements ({@link RowChecks} has rejected the others): from
 * an {@link UnsafeArrayData} that is one memory copy.
 */
final class OperandBuffers {

  private double[] signal = new double[0];
  private double[] taps = new double[0];
  private double[] result = new double[0];
  private byte[] resultBytes = new byte[0];
  private final UnsafeArrayData resultArray = new UnsafeArrayData();

  int readSignal(ArrayData array) {
    int n = array.numElements();
    if (signal.length < n) {
      signal = new double[n];
    }
    read(array, signal, n);
    return n;
  }

  int readTaps(ArrayData array) {
    int k = array.numElements();
    if (taps.length < k) {
      taps = new double[k];
    }
    read(array, taps, k);
    return k;
  }

  double[] signal() {
    return signal;
  }

  double[] taps() {
    return taps;
  }

  /** The result buffer, at least {@code length} long. */
  double[] result(int length) {
    if (result.length < length) {
      result = new double[length];
    }
    return result;
  }

  /** The first {@code length} values of {@link #result(int)} as Spark array data (valid until the next call). */
  UnsafeArrayData resultArray(int length) {
    int header = UnsafeArrayData.calculateHeaderPortionInBytes(length);
    long size = header + 8L * length;
    if (size > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("a result of " + length + " values does not fit one Spark array");
    }
    if (resultBytes.length < size) {
      resultBytes = new byte[(int) size];
    }
    Platform.putLong(resultBytes, Platform.BYTE_ARRAY_OFFSET, length);
    Platform.setMemory(resultBytes, Platform.BYTE_ARRAY_OFFSET + 8, header - 8, (byte) 0);
    Platform.copyMemory(result, Platform.DOUBLE_ARRAY_OFFSET, resultBytes, Platform.BYTE_ARRAY_OFFSET + header,
        8L * length);
    resultArray.pointTo(resultBytes, Platform.BYTE_ARRAY_OFFSET, (int) size);
    return resultArray;
  }

  private static void read(ArrayData array, double[] into, int length) {
    if (array instanceof UnsafeArrayData unsafe) {
      Platform.copyMemory(unsafe.getBaseObject(),
          unsafe.getBaseOffset() + UnsafeArrayData.calculateHeaderPortionInBytes(length),
          into, Platform.DOUBLE_ARRAY_OFFSET, 8L * length);
    } else {
      for (int i = 0; i < length; i++) {
        into[i] = array.getDouble(i);
      }
    }
  }
}
