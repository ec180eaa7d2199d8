package io.rowconv.spark;

import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DayTimeIntervalType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.sql.types.UserDefinedType;
import org.apache.spark.sql.types.VariantType;
import org.apache.spark.sql.types.YearMonthIntervalType;
import org.apache.spark.sql.vectorized.ColumnarBatch;

/**
 * The input read as Spark's column batches when its plan is a columnar scan under a {@code ColumnarToRow}
 * (Parquet and ORC with the vectorized readers): the passes then read each row in place in the
 * batch ({@link ColumnarBatch#getRow}) instead of a copy of every column into an {@code UnsafeRow}, which for
 * array columns is an element-by-element copy of the whole input (measured in docs/DESIGN.md) and, for one very
 * long row, an extra buffer of twice its size.
 */
final class ColumnarInput {

  private ColumnarInput() {}

  /**
   * The scan's batches, or null when the plan is not a columnar scan converted to rows, or when a column has a
   * type that Spark's row view of a batch cannot return ({@link #rowViewReads}): those inputs take the row path.
   */
  static RDD<ColumnarBatch> batches(SparkPlan executedPlan) {
    for (StructField field : executedPlan.schema().fields()) {
      if (!rowViewReads(field.dataType())) {
        return null;
      }
    }
    SparkPlan plan = executedPlan;
    if (plan instanceof WholeStageCodegenExec codegen) {
      plan = codegen.child();
    }
    if (plan instanceof ColumnarToRowExec toRows && toRows.child().supportsColumnar()) {
      return toRows.child().executeColumnar();
    }
    return null;
  }

  /**
   * Whether {@code ColumnarBatchRow.get} returns values of {@code type} (Spark 4.2 throws for the others, e.g.
   * TIME and CALENDAR INTERVAL): the types it lists, and arrays, maps, structs and UDTs made of them.
   */
  static boolean rowViewReads(DataType type) {
    if (type instanceof ArrayType array) {
      return rowViewReads(array.elementType());
    }
    if (type instanceof MapType map) {
      return rowViewReads(map.keyType()) && rowViewReads(map.valueType());
    }
    if (type instanceof StructType struct) {
      for (StructField field : struct.fields()) {
        if (!rowViewReads(field.dataType())) {
          return false;
        }
      }
      return true;
    }
    if (type instanceof UserDefinedType<?> udt) {
      return rowViewReads(udt.sqlType());
    }
    return type instanceof BooleanType || type instanceof ByteType || type instanceof ShortType
        || type instanceof IntegerType || type instanceof LongType || type instanceof FloatType
        || type instanceof DoubleType || type instanceof StringType || type instanceof BinaryType
        || type instanceof DecimalType || type instanceof DateType || type instanceof TimestampType
        || type instanceof TimestampNTZType || type instanceof YearMonthIntervalType
        || type instanceof DayTimeIntervalType || type instanceof VariantType;
  }
}
