package io.rowconv.spark;

import java.io.Serializable;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructField;

/**
 * Which rows the kernel must not see: a reason code (null for a good row) and a message that names the
 * column and what is wrong ("taps: element 3 is null"). Runs on Spark's internal rows, in the same pass
 * that convolves or writes the rejects, so the checks cost one scan of arrays already in memory.
 *
 * <p>The checks run in order, signal before taps, the first failing one wins: {@code null_array},
 * {@code empty_array} (scipy raises on empty input), {@code too_long}, {@code null_element},
 * {@code non_finite} (unless the policy is {@code propagate}; only for float and double arrays). A valid-mode
 * output is never empty ({@code |n - k| + 1 >= 1}), so there is no reason code for that.
 *
 * <p>The operands are read as {@code array<double>} (the stage casts other element types first, which keeps
 * nulls, lengths and non-finite values), or as {@code array<float>} in single precision, at the ordinals the
 * stage gives.
 */
final class RowChecks implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Reason codes written to {@code reject_reason}, in the order the checks run. */
  static final String NULL_ARRAY = "null_array";
  static final String EMPTY_ARRAY = "empty_array";
  static final String TOO_LONG = "too_long";
  static final String NULL_ELEMENT = "null_element";
  static final String NON_FINITE = "non_finite";
  static final String[] REASONS = {NULL_ARRAY, EMPTY_ARRAY, TOO_LONG, NULL_ELEMENT, NON_FINITE};

  private final Operand[] operands;
  private final int maxLength;

  /** One array to check: where it is in the row and what its declared type allows. */
  private record Operand(String name, int ordinal, boolean mayHoldNulls, boolean checkFinite, boolean floats)
      implements Serializable {}

  /** The outcome for a bad row: its code (one of {@link #REASONS}) and message. */
  record Reject(String reason, String message) {
    int reasonIndex() {
      for (int i = 0; i < REASONS.length; i++) {
        if (REASONS[i].equals(reason)) {
          return i;
        }
      }
      throw new AssertionError(reason);
    }
  }

  RowChecks(InputColumns columns, ConvolutionSpec spec, int signalOrdinal, int tapsOrdinal) {
    this.operands = new Operand[] {
        operand(columns.signal(), signalOrdinal, spec), operand(columns.taps(), tapsOrdinal, spec)};
    this.maxLength = spec.maxLength();
  }

  private static Operand operand(StructField field, int ordinal, ConvolutionSpec spec) {
    ArrayType type = (ArrayType) field.dataType();
    boolean checkFinite = spec.nonFinite() == ConvolutionSpec.NonFinitePolicy.REJECT
        && InputColumns.isFloatingPoint(type.elementType());
    boolean floats = spec.precision() == ConvolutionSpec.Precision.SINGLE;
    return new Operand(field.name(), ordinal, type.containsNull(), checkFinite, floats);
  }

  /** Why {@code row} cannot be computed, or null when it can. */
  Reject check(InternalRow row) {
    for (Operand operand : operands) {
      Reject reject = check(row, operand);
      if (reject != null) {
        return reject;
      }
    }
    return null;
  }

  private Reject check(InternalRow row, Operand operand) {
    String who = operand.name() + ": ";
    if (row.isNullAt(operand.ordinal())) {
      return new Reject(NULL_ARRAY, who + "value is null");
    }
    ArrayData array = row.getArray(operand.ordinal());
    int length = array.numElements();
    if (length == 0) {
      return new Reject(EMPTY_ARRAY, who + "array is empty (scipy raises on empty input)");
    }
    if (length > maxLength) {
      return new Reject(TOO_LONG, who + "length " + length + " exceeds the limit " + maxLength + " (--max-length)");
    }
    if (operand.mayHoldNulls()) {
      int firstNull = SparkArrays.firstNullElement(array);
      if (firstNull >= 0) {
        return new Reject(NULL_ELEMENT, who + "element " + firstNull + " is null");
      }
    }
    if (operand.checkFinite()) {
      for (int i = 0; i < length; i++) {
        double value = operand.floats() ? array.getFloat(i) : array.getDouble(i);
        if (!Double.isFinite(value)) {
          return new Reject(NON_FINITE, who + "element " + i + " is " + value
              + " (use --non-finite propagate to compute such rows as scipy's direct method does)");
        }
      }
    }
    return null;
  }
}
