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
 * <p>Reads assume arrays of double (of float for the {@code float[]} forms, used in single precision) without
 * null elements ({@link RowStep} has rejected the others): from an {@link UnsafeArrayData} that is one
 * memory copy.
 */
final class OperandBuffers {

  private double[] signal = new double[0];
  private double[] taps = new double[0];
  private double[] result = new double[0];
  private int resultOffset;
  private final UnsafeArrayData resultArray = new UnsafeArrayData();
  /** The last result's buffer (reused or fresh) and its bytes. */
  private Object current;
  private int currentBytes;
  private float[] signalFloats = new float[0];
  private float[] tapsFloats = new float[0];
  private float[] resultFloats = new float[0];

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

  /**
   * Drops operand buffers longer than {@link #LARGE_ELEMENTS} once the kernel has read them and the output row
   * holds them: a rare very long row then does not keep its copy alive for the rest of the partition, next to
   * the output row's buffer. Normal rows keep reusing their buffers. {@code keepTaps}: the taps are held for
   * every row (shared taps).
   */
  void releaseLargeOperands(boolean keepTaps) {
    if (signal.length > LARGE_ELEMENTS) {
      signal = new double[0];
    }
    if (taps.length > LARGE_ELEMENTS && !keepTaps) {
      taps = new double[0];
    }
    if (signalFloats.length > LARGE_ELEMENTS) {
      signalFloats = new float[0];
    }
    if (tapsFloats.length > LARGE_ELEMENTS && !keepTaps) {
      tapsFloats = new float[0];
    }
  }

  /** Operand length above which {@link #releaseLargeOperands} lets go of a buffer (32 MiB of doubles). */
  static final int LARGE_ELEMENTS = 1 << 22;

  double[] signal() {
    return signal;
  }

  double[] taps() {
    return taps;
  }

  /** Holds {@code values}, the taps of every row, in {@link #taps()}; returns their length. */
  int holdTaps(double[] values) {
    taps = values.clone();
    return values.length;
  }

  /** Holds {@code values} as floats in {@link #tapsFloats()}; returns their length. */
  int holdTapsFloats(double[] values) {
    tapsFloats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      tapsFloats[i] = (float) values[i];
    }
    return values.length;
  }

  /**
   * Prepares the result for {@code length} values and returns the buffer the kernel writes them into, from
   * {@link #resultOffset()} on: the buffer reused across rows, or a new one ({@code fresh}). It holds the
   * header of Spark's array format in front of the values, so that {@link #resultArray} wraps it without a copy.
   */
  double[] result(int length, boolean fresh) {
    int headerWords = UnsafeArrayData.calculateHeaderPortionInBytes(length) / 8;
    if (8L * (headerWords + length) > Integer.MAX_VALUE - 64) { // Spark addresses an array's bytes with an int
      throw new IllegalStateException("a result of " + length + " values does not fit one Spark array");
    }
    double[] into = fresh ? new double[headerWords + length] : result.length < headerWords + length
        ? (result = new double[headerWords + length]) : result;
    Platform.putLong(into, Platform.DOUBLE_ARRAY_OFFSET, length);
    java.util.Arrays.fill(into, 1, headerWords, 0.0); // no null elements: all null bits clear
    resultOffset = headerWords;
    current = into;
    currentBytes = (headerWords + length) * 8;
    return into;
  }

  /** Copies a float signal into {@link #signalFloats()}; returns its length. */
  int readSignalFloats(ArrayData array) {
    signalFloats = readFloats(array, signalFloats);
    return array.numElements();
  }

  /** Copies float taps into {@link #tapsFloats()}; returns their length. */
  int readTapsFloats(ArrayData array) {
    tapsFloats = readFloats(array, tapsFloats);
    return array.numElements();
  }

  float[] signalFloats() {
    return signalFloats;
  }

  float[] tapsFloats() {
    return tapsFloats;
  }

  /** {@link #result(int, boolean)} for a float result: Spark's header in front, values from {@link #resultOffset()}. */
  float[] resultFloats(int length, boolean fresh) {
    int headerBytes = UnsafeArrayData.calculateHeaderPortionInBytes(length);
    long bytes = headerBytes + ((4L * length + 7) & ~7L); // Spark pads an array's values to whole words
    if (bytes > Integer.MAX_VALUE - 64) {
      throw new IllegalStateException("a result of " + length + " values does not fit one Spark array");
    }
    int floats = (int) (bytes / 4);
    float[] into = fresh ? new float[floats] : resultFloats.length < floats
        ? (resultFloats = new float[floats]) : resultFloats;
    Platform.putLong(into, Platform.FLOAT_ARRAY_OFFSET, length);
    java.util.Arrays.fill(into, 2, headerBytes / 4, 0.0f); // no null elements: all null bits clear
    into[floats - 1] = 0.0f; // the padding after an odd number of values stays zero
    resultOffset = headerBytes / 4;
    current = into;
    currentBytes = (int) bytes;
    return into;
  }

  /** Where the values start in the last result's buffer. */
  int resultOffset() {
    return resultOffset;
  }

  /** Value {@code i} of the last double result. */
  double resultAt(int i) {
    return ((double[]) current)[resultOffset + i];
  }

  /** Value {@code i} of the last float result. */
  double resultFloatAt(int i) {
    return ((float[]) current)[resultOffset + i];
  }

  /**
   * The last result as Spark array data over its buffer: a new wrapper for a {@code fresh} result, else the
   * reused one (valid until the next row).
   */
  UnsafeArrayData resultArray(boolean fresh) {
    UnsafeArrayData array = fresh ? new UnsafeArrayData() : resultArray;
    array.pointTo(current, current instanceof double[] ? Platform.DOUBLE_ARRAY_OFFSET : Platform.FLOAT_ARRAY_OFFSET,
        currentBytes);
    return array;
  }

  private static float[] readFloats(ArrayData array, float[] buffer) {
    int length = array.numElements();
    float[] into = buffer.length < length ? new float[length] : buffer;
    if (array instanceof UnsafeArrayData unsafe) {
      Platform.copyMemory(unsafe.getBaseObject(), SparkArrays.valuesOffset(unsafe), into,
          Platform.FLOAT_ARRAY_OFFSET, 4L * length);
    } else {
      for (int i = 0; i < length; i++) {
        into[i] = array.getFloat(i);
      }
    }
    return into;
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
