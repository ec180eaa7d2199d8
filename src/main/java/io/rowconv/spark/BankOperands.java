package io.rowconv.spark;

import io.rowconv.kernel.FilterBankConvolver;
import io.rowconv.kernel.Magnitudes;
import io.rowconv.kernel.Method;
import io.rowconv.kernel.Mode;
import java.util.Arrays;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.Platform;

/**
 * A row's bank of filters (an {@code array<array<double>>}) read for {@link FilterBankConvolver}: the filters
 * end to end in one reused {@code double[]} with their offsets and lengths, and the results laid out as Spark's
 * {@code array<array<double>>} ({@link NestedArrays}) so that the kernel writes them in place. Reused row after
 * row; not thread-safe.
 */
final class BankOperands {

  private double[] taps = new double[0];
  private int[] offsets = new int[0];
  private int[] lengths = new int[0];
  private double[] largest = new double[0];
  private int count;
  private double[] results = new double[0];
  private int[] outputLengths = new int[0];
  private int[] valueWords = new int[0];
  private double[] current;
  private int currentWords;
  private boolean currentFresh;
  private final UnsafeArrayData reused = new UnsafeArrayData();
  private static final Method[] METHODS = Method.values();
  /** Filters per method of the last bank, for {@link #mostUsedMethod}. Reused across rows. */
  private final int[] uses = new int[METHODS.length];

  /**
   * Checks the bank and copies its filters: null, or the reject (naming the filter) of the first bad one.
   * Filters are checked as the single taps of a row are ({@link OperandChecks}).
   */
  RowReject read(RowStep.Setup setup, ArrayData bank) {
    String who = setup.taps().name();
    if (bank == null) {
      return new RowReject(RejectReason.NULL_ARRAY, who + ": value is null");
    }
    count = bank.numElements();
    if (count == 0) {
      return new RowReject(RejectReason.EMPTY_ARRAY, who + ": the bank holds no filters");
    }
    grow(count);
    long total = 0;
    for (int f = 0; f < count; f++) {
      String filter = who + ": filter " + f;
      if (bank.isNullAt(f)) {
        return new RowReject(RejectReason.NULL_ELEMENT, filter + " is null");
      }
      ArrayData values = bank.getArray(f);
      RowReject reject = OperandChecks.structure(setup, filter, setup.taps().mayHoldNulls(), values);
      if (reject != null) {
        return reject;
      }
      offsets[f] = (int) total;
      lengths[f] = values.numElements();
      total += lengths[f];
      if (total > Integer.MAX_VALUE - 16) {
        return new RowReject(RejectReason.TOO_LONG, who + ": the bank holds more than " + (Integer.MAX_VALUE - 16)
            + " taps in all");
      }
    }
    if (taps.length < total) {
      taps = new double[(int) total];
    }
    for (int f = 0; f < count; f++) {
      ArrayData values = bank.getArray(f);
      if (values instanceof UnsafeArrayData unsafe) {
        Platform.copyMemory(unsafe.getBaseObject(), SparkArrays.valuesOffset(unsafe), taps,
            Platform.DOUBLE_ARRAY_OFFSET + 8L * offsets[f], 8L * lengths[f]);
      } else {
        for (int i = 0; i < lengths[f]; i++) {
          taps[offsets[f] + i] = values.getDouble(i);
        }
      }
      // the largest magnitudes serve the reject policy only (non-finite filters, results that may overflow)
      largest[f] = setup.rejectNonFinite() ? Magnitudes.maxAbs(taps, offsets[f], lengths[f]) : 0;
      if (!Double.isFinite(largest[f])) {
        int at = Magnitudes.firstNonFinite(taps, offsets[f], lengths[f]);
        return OperandChecks.nonFinite(setup, who + ": filter " + f + ", element " + at, taps[offsets[f] + at]);
      }
    }
    return null;
  }

  /** Whether some filter's result may overflow with a signal of length n and largest magnitude maxSignal. */
  boolean mayOverflow(int n, double maxSignal) {
    for (int f = 0; f < count; f++) {
      if (Magnitudes.resultMayOverflow(n, lengths[f], maxSignal, largest[f], false)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Lays out the results of the bank for a signal of length {@code n} ({@code fresh}: in a new buffer) and
   * returns the buffer; filter f's values go from word {@link #resultValueWords()}{@code [f]}.
   */
  double[] layoutResult(Mode mode, int n, boolean fresh) {
    for (int f = 0; f < count; f++) {
      outputLengths[f] = mode.outputLength(n, lengths[f]);
    }
    int words = NestedArrays.words(outputLengths, count);
    double[] into = fresh ? new double[words] : results.length < words ? (results = new double[words]) : results;
    NestedArrays.writeHeaders(into, outputLengths, count, valueWords);
    current = into;
    currentWords = words;
    currentFresh = fresh;
    return into;
  }

  /** The last results as Spark's array data (a new wrapper for fresh results). */
  UnsafeArrayData resultArray() {
    UnsafeArrayData array = currentFresh ? new UnsafeArrayData() : reused;
    NestedArrays.point(array, current, currentWords);
    return array;
  }

  /** The method that computed most of the last bank's filters. */
  Method mostUsedMethod(FilterBankConvolver convolver) {
    Arrays.fill(uses, 0);
    for (int f = 0; f < count; f++) {
      uses[convolver.lastMethod(f).ordinal()]++;
    }
    Method most = Method.DIRECT;
    for (Method method : METHODS) {
      if (uses[method.ordinal()] > uses[most.ordinal()]) {
        most = method;
      }
    }
    return most;
  }

  double[] taps() {
    return taps;
  }

  int[] offsets() {
    return offsets;
  }

  int[] lengths() {
    return lengths;
  }

  int count() {
    return count;
  }

  int[] resultValueWords() {
    return valueWords;
  }

  private void grow(int filters) {
    if (offsets.length < filters) {
      offsets = new int[filters];
      lengths = new int[filters];
      largest = new double[filters];
      outputLengths = new int[filters];
      valueWords = new int[filters];
    }
  }
}
