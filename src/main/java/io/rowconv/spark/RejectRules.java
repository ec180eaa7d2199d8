package io.rowconv.spark;

import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.array_min;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructField;

/**
 * Which rows the kernel must not see, as Spark SQL expressions: a reason code (null for a good row) and a
 * message that names the column and what is wrong ("taps: element 3 is null").
 *
 * <p>The checks run in order, signal before taps, the first failing one wins:
 * {@code null_array}, {@code empty_array} (scipy raises on empty input), {@code too_long},
 * {@code null_element}, {@code non_finite} (unless the policy is {@code propagate}). A valid-mode output is
 * never empty ({@code |n - k| + 1 >= 1}), so there is no reason code for that.
 *
 * <p>Cost: the non-finite test uses {@code array_max}/{@code array_min} (Spark orders NaN above +Inf), which
 * are code-generated; the null-element test is a higher-order function evaluated per element, emitted only
 * when the column's type says its elements may be null. The index shown in a message is computed only for
 * rejected rows.
 */
final class RejectRules {

  /** Reason codes written to {@code reject_reason}. */
  static final String NULL_ARRAY = "null_array";
  static final String EMPTY_ARRAY = "empty_array";
  static final String TOO_LONG = "too_long";
  static final String NULL_ELEMENT = "null_element";
  static final String NON_FINITE = "non_finite";

  private final List<Column> conditions = new ArrayList<>();
  private final List<String> reasons = new ArrayList<>();
  private final List<Column> messages = new ArrayList<>();

  RejectRules(InputColumns columns, ConvolutionSpec spec) {
    for (StructField field : List.of(columns.signal(), columns.taps())) {
      addRules(field, spec);
    }
  }

  private void addRules(StructField field, ConvolutionSpec spec) {
    Column c = StageColumns.column(field.name());
    String who = field.name() + ": ";
    ArrayType type = (ArrayType) field.dataType();
    add(c.isNull(), NULL_ARRAY, lit(who + "value is null"));
    add(size(c).equalTo(0), EMPTY_ARRAY, lit(who + "array is empty (scipy raises on empty input)"));
    add(size(c).gt(spec.maxLength()), TOO_LONG, concat(lit(who + "length "), size(c).cast("string"),
        lit(" exceeds the limit " + spec.maxLength() + " (--max-length)")));
    if (type.containsNull()) {
      Column firstNull = array_position(transform(c, Column::isNull), true).minus(1);
      add(exists(c, Column::isNull), NULL_ELEMENT,
          concat(lit(who + "element "), firstNull.cast("string"), lit(" is null")));
    }
    if (spec.nonFinite() == ConvolutionSpec.NonFinitePolicy.REJECT
        && InputColumns.isFloatingPoint(type.elementType())) {
      Column firstBad = array_position(transform(c, RejectRules::nonFinite), true).cast("int");
      add(nonFinite(array_max(c)).or(array_min(c).equalTo(Double.NEGATIVE_INFINITY)), NON_FINITE,
          concat(lit(who + "element "), firstBad.minus(1).cast("string"), lit(" is "),
              element_at(c, firstBad).cast("string"),
              lit(" (use --non-finite propagate to compute such rows as scipy's direct method does)")));
    }
  }

  private static Column nonFinite(Column value) {
    return isnan(value).or(value.equalTo(Double.POSITIVE_INFINITY)).or(value.equalTo(Double.NEGATIVE_INFINITY));
  }

  private void add(Column condition, String reason, Column message) {
    conditions.add(condition);
    reasons.add(reason);
    messages.add(message);
  }

  /** The reason code of the first failing check, or null for a row the kernel can take. */
  Column reason() {
    return chain(reasons.stream().map(r -> lit(r)).toList());
  }

  /** The human-readable message of the first failing check, or null. */
  Column message() {
    return chain(messages);
  }

  private Column chain(List<Column> values) {
    Column result = when(conditions.get(0), values.get(0));
    for (int i = 1; i < conditions.size(); i++) {
      result = result.when(conditions.get(i), values.get(i));
    }
    return result;
  }
}
