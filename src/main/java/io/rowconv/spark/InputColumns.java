package io.rowconv.spark;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The input schema (and a taps table's) as the stage sees them, checked before any work: the signal column
 * exists and is an array of numbers; the taps column, in the input or in the taps table, is an array of
 * numbers (one filter per row) or an array of arrays of numbers (a bank of filters per row), or there is none
 * (shared taps); key columns exist on both sides; the columns the stage adds do not clash with the input's.
 */
final class InputColumns {

  static final String REASON_COLUMN = "reject_reason";
  static final String MESSAGE_COLUMN = "reject_message";

  private final StructField signal;
  private final StructField taps;
  private final boolean bank;

  private InputColumns(StructField signal, StructField taps, boolean bank) {
    this.signal = signal;
    this.taps = taps;
    this.bank = bank;
  }

  /**
   * Checks the input's schema (and the taps table's, null unless the taps come from one) against
   * {@code spec}; throws an input {@link UserError} that names the column.
   */
  static InputColumns check(StructType schema, StructType tapsTable, ConvolutionSpec spec) {
    if (spec.dims() == 2) {
      StructField image = image(schema, spec.signalColumn(), "--signal-col", "input");
      StructField kernel = spec.tapsSource() == ConvolutionSpec.TapsSource.TABLE
          ? image(tapsTable, spec.tapsColumn(), "--taps-col", "taps table")
          : image(schema, spec.tapsColumn(), "--taps-col", "input");
      checkKeysAndAdded(schema, tapsTable, spec);
      return new InputColumns(image, kernel, false);
    }
    StructField signal = numericArray(schema, spec.signalColumn(), "--signal-col", "input", false);
    StructField taps = switch (spec.tapsSource()) {
      case COLUMN -> numericArray(schema, spec.tapsColumn(), "--taps-col", "input", true);
      case TABLE -> numericArray(tapsTable, spec.tapsColumn(), "--taps-col", "taps table", true);
      case SHARED -> null;
    };
    boolean bank = taps != null && ((ArrayType) taps.dataType()).elementType() instanceof ArrayType;
    if (spec.precision() == ConvolutionSpec.Precision.SINGLE) {
      if (bank) {
        throw UserError.input("--precision single does not compute filter banks: column '" + taps.name()
            + "' (--taps-col) is " + taps.dataType().simpleString() + "; use --precision double");
      }
      requireFloat(signal, "--signal-col");
      if (taps != null) {
        requireFloat(taps, "--taps-col");
      }
    }
    checkKeysAndAdded(schema, tapsTable, spec);
    return new InputColumns(signal, taps, bank);
  }

  private static void checkKeysAndAdded(StructType schema, StructType tapsTable, ConvolutionSpec spec) {
    for (String key : spec.tapsKeys()) {
      field(schema, key, "--taps-key", "input");
      field(tapsTable, key, "--taps-key", "taps table");
    }
    for (String added : List.of(spec.outputColumn(), REASON_COLUMN, MESSAGE_COLUMN)) {
      for (String name : schema.fieldNames()) {
        if (name.equalsIgnoreCase(added)) {
          String fix = added.equals(spec.outputColumn())
              ? "choose another --output-col"
              : "rename or drop that input column (the rejects add it)";
          throw UserError.input("input already has a column '" + name + "', which the job would add: " + fix);
        }
      }
    }
  }

  /** A 2-D image or kernel: an array of arrays of numbers, row-major. */
  private static StructField image(StructType schema, String name, String option, String where) {
    StructField field = field(schema, name, option, where);
    DataType type = field.dataType();
    if (!(type instanceof ArrayType outer && outer.elementType() instanceof ArrayType inner
        && inner.elementType() instanceof NumericType)) {
      throw UserError.input("column '" + name + "' (" + option + ")" + (where.equals("input") ? "" : " of the " + where)
          + " is " + type.simpleString() + "; with --dims 2 expected an image, an array of arrays of numbers "
          + "(row-major), e.g. array<array<double>>");
    }
    return field;
  }

  private static StructField field(StructType schema, String name, String option, String where) {
    for (StructField f : schema.fields()) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    throw UserError.input(where + " has no column '" + name + "' (" + option + "); its columns are "
        + Arrays.toString(schema.fieldNames()) + caseHint(schema, name));
  }

  /** An array of numbers, or (where {@code bankAllowed}) an array of arrays of numbers. */
  private static StructField numericArray(StructType schema, String name, String option, String where,
      boolean bankAllowed) {
    StructField field = field(schema, name, option, where);
    DataType type = field.dataType();
    DataType element = type instanceof ArrayType array ? array.elementType() : null;
    if (bankAllowed && element instanceof ArrayType inner) {
      element = inner.elementType();
    }
    if (!(element instanceof NumericType)) {
      throw UserError.input("column '" + name + "' (" + option + ")" + (where.equals("input") ? "" : " of the " + where)
          + " is " + type.simpleString()
          + "; expected an array of numbers, e.g. array<double>, array<float>, array<int> or array<bigint>"
          + (bankAllowed ? ", or an array of them (a bank of filters)" : ""));
    }
    return field;
  }

  private static void requireFloat(StructField field, String option) {
    if (!(((ArrayType) field.dataType()).elementType() instanceof FloatType)) {
      throw UserError.input("--precision single computes float32 operands, but column '" + field.name() + "' ("
          + option + ") is " + field.dataType().simpleString()
          + ": use --precision double, or store the column as array<float>");
    }
  }

  private static String caseHint(StructType schema, String name) {
    for (String candidate : schema.fieldNames()) {
      if (candidate.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
        return " (column names are case-sensitive: did you mean '" + candidate + "'?)";
      }
    }
    return "";
  }

  StructField signal() {
    return signal;
  }

  /** The taps column (of the input, or of the taps table), null for shared taps. */
  StructField taps() {
    return taps;
  }

  /** Whether the taps are a bank of filters per row. */
  boolean bank() {
    return bank;
  }

  static boolean isFloatingPoint(DataType element) {
    return element instanceof DoubleType || element instanceof FloatType;
  }
}
