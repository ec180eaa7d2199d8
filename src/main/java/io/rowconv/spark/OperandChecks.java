package io.rowconv.spark;

import org.apache.spark.sql.catalyst.util.ArrayData;

/** The checks of one operand array and the messages of {@link RowStep}'s rejects, in one place. */
final class OperandChecks {

  private OperandChecks() {}

  /** {@code null_array}, {@code empty_array}, {@code too_long}, {@code null_element}, in that order; else null. */
  static RowReject structure(RowStep.Setup setup, RowStep.Operand operand, ArrayData array) {
    return structure(setup, operand.name(), operand.mayHoldNulls(), array);
  }

  static RowReject structure(RowStep.Setup setup, String who, boolean mayHoldNulls, ArrayData array) {
    if (array == null) {
      return new RowReject(RejectReason.NULL_ARRAY, who + ": value is null");
    }
    int length = array.numElements();
    if (length == 0) {
      return new RowReject(RejectReason.EMPTY_ARRAY, who + ": array is empty (scipy raises on empty input)");
    }
    if (length > setup.maxLength()) {
      return new RowReject(RejectReason.TOO_LONG, who + ": length " + length + " exceeds the limit "
          + setup.maxLength() + (setup.jobOptions() ? " (--max-length)" : ""));
    }
    if (mayHoldNulls) {
      int firstNull = SparkArrays.firstNullElement(array);
      if (firstNull >= 0) {
        return new RowReject(RejectReason.NULL_ELEMENT, who + ": element " + firstNull + " is null");
      }
    }
    return null;
  }

  /** {@code non_finite}: {@code where} (an operand's element) holds {@code value}. */
  static RowReject nonFinite(RowStep.Setup setup, String where, double value) {
    return new RowReject(RejectReason.NON_FINITE, where + " is " + value
        + (setup.jobOptions() ? " (use --non-finite propagate to compute such rows as scipy's direct method does)"
            : ""));
  }

  /** {@code non_finite_result}: {@code where} (a result's element) holds {@code value} from finite operands. */
  static RowReject resultReject(RowStep.Setup setup, String where, double value) {
    return new RowReject(RejectReason.NON_FINITE_RESULT, where + " is " + value
        + " although signal and taps are finite (the sum overflows the number type"
        + (setup.jobOptions() ? "; use --non-finite propagate to keep such rows as scipy computes them)" : ")"));
  }
}
