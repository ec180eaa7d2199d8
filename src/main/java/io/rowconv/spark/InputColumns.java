package io.rowconv.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The input schema as the stage sees it, checked before any work: the signal and taps columns exist and
 * are arrays of numbers, and the columns the stage adds do not clash with the input's.
 */
final class InputColumns {

  static final String REASON_COLUMN = "reject_reason";
  static final String MESSAGE_COLUMN = "reject_message";

  private final StructType schema;
  private final StructField signal;
  private final StructField taps;

  private InputColumns(StructType schema, StructField signal, StructField taps) {
    this.schema = schema;
    this.signal = signal;
    this.taps = taps;
  }

  /** Checks {@code schema} against {@code spec}; throws an input {@link UserError} that names the column. */
  static InputColumns check(StructType schema, ConvolutionSpec spec) {
    StructField signal = numericArray(schema, spec.signalColumn(), "--signal-col");
    StructField taps = numericArray(schema, spec.tapsColumn(), "--taps-col");
    if (spec.precision() == ConvolutionSpec.Precision.SINGLE) {
      requireFloat(signal, "--signal-col");
      requireFloat(taps, "--taps-col");
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
    return new InputColumns(schema, signal, taps);
  }

  private static StructField numericArray(StructType schema, String name, String option) {
    StructField field = null;
    for (StructField f : schema.fields()) {
      if (f.name().equals(name)) {
        field = f;
      }
    }
    if (field == null) {
      throw UserError.input("input has no column '" + name + "' (" + option + "); its columns are "
          + Arrays.toString(schema.fieldNames()) + caseHint(schema, name));
    }
    DataType type = field.dataType();
    if (!(type instanceof ArrayType) || !(((ArrayType) type).elementType() instanceof NumericType)) {
      throw UserError.input("column '" + name + "' (" + option + ") is " + type.simpleString()
          + "; expected an array of numbers, e.g. array<double>, array<float>, array<int> or array<bigint>");
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

  StructType schema() {
    return schema;
  }

  StructField signal() {
    return signal;
  }

  StructField taps() {
    return taps;
  }

  /**
   * The array columns the stage rebuilds from the double arrays it reads, instead of carrying the original
   * values through as boxed objects: those whose elements convert to double and back without loss
   * (byte, short, int, float, double). bigint and decimal arrays are carried through unchanged.
   */
  List<String> rebuiltColumns() {
    List<String> names = new ArrayList<>();
    for (StructField f : List.of(signal, taps)) {
      if (losslessAsDouble(((ArrayType) f.dataType()).elementType()) && !names.contains(f.name())) {
        names.add(f.name());
      }
    }
    return names;
  }

  static boolean losslessAsDouble(DataType element) {
    return element instanceof DoubleType || element instanceof FloatType || element instanceof IntegerType
        || element instanceof ShortType || element instanceof ByteType;
  }

  static boolean isFloatingPoint(DataType element) {
    return element instanceof DoubleType || element instanceof FloatType;
  }
}
