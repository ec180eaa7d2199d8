package io.rowconv.spark;

import io.rowconv.kernel.Method;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.util.LongAccumulator;
import java.util.Iterator;

/**
 * The Spark entry point: turns a {@code Dataset<Row>} into the convolved {@code Dataset<Row>} (and the
 * rejects), exactly as the command-line job does. Use it to embed rowconv in your own pipeline:
 *
 * <pre>{@code
 * ConvolutionResult result = ConvolutionStage.apply(df, ConvolutionSpec.builder()
 *     .signalColumn("x").tapsColumn("h").outputColumn("y").mode(Mode.SAME).build());
 * result.output().write().parquet("out");      // every input column + y
 * result.rejects().write().parquet("rejects"); // bad rows + reject_reason + reject_message
 * }</pre>
 *
 * <p>The plan: the input's rows, as Spark's internal rows (the operands cast to {@code array<double>} first
 * when they hold another number type; kept {@code array<float>} with {@link ConvolutionSpec.Precision#SINGLE}),
 * go through one {@code mapPartitions} pass per outcome; a columnar scan's rows are read in place in its
 * batches ({@link ColumnarInput}). The output pass ({@link ConvolvePartitionFunction}) checks each row
 * ({@link RowChecks}), convolves the good ones and emits every input column unchanged (or all but signal and
 * taps: {@link ConvolutionSpec#keepOperands()}) plus the result; the rejects pass
 * ({@link RejectPartitionFunction}) emits the
 * bad ones with their reason. Neither converts a column to Java objects: the operands are copied from Spark's
 * array memory straight into the kernel's buffers, every other column is carried as Spark stores it.
 */
public final class ConvolutionStage {

  private static final String SIGNAL_SLOT = "__rowconv_signal";
  private static final String TAPS_SLOT = "__rowconv_taps";

  private ConvolutionStage() {}

  /**
   * Plans the stage on {@code input}. Fails fast, before any work, with a {@link UserError} naming the
   * column when the schema does not fit {@code spec}. Nothing runs until an outcome is written or counted.
   */
  public static ConvolutionResult apply(Dataset<Row> input, ConvolutionSpec spec) {
    InputColumns columns = InputColumns.check(input.schema(), spec);
    StructType inputSchema = input.schema();

    // The operands as array<double> (array<float> in single precision): read in place when they are, else cast
    // once into extra columns.
    boolean single = spec.precision() == ConvolutionSpec.Precision.SINGLE;
    List<Column> projection = new ArrayList<>();
    for (StructField f : inputSchema.fields()) {
      projection.add(StageColumns.column(f.name()));
    }
    int signalOrdinal = operandOrdinal(columns.signal(), inputSchema, projection, SIGNAL_SLOT, single);
    int tapsOrdinal = spec.tapsColumn().equals(spec.signalColumn())
        ? signalOrdinal
        : operandOrdinal(columns.taps(), inputSchema, projection, TAPS_SLOT, single);
    Dataset<Row> prepared = projection.size() == inputSchema.size()
        ? input
        : input.select(projection.toArray(new Column[0]));
    org.apache.spark.sql.execution.QueryExecution execution =
        ((org.apache.spark.sql.classic.Dataset<Row>) prepared).queryExecution();
    RDD<ColumnarBatch> batches = ColumnarInput.batches(execution.executedPlan());
    RDD<InternalRow> rows = batches == null ? execution.toRdd() : null;
    RowChecks checks = new RowChecks(columns, spec, signalOrdinal, tapsOrdinal);

    org.apache.spark.SparkContext sc = input.sparkSession().sparkContext();
    LongAccumulator[] rowsByMethod = new LongAccumulator[Method.values().length];
    for (Method method : Method.values()) {
      rowsByMethod[method.ordinal()] = sc.longAccumulator("rowconv rows " + method.cliName());
    }
    LongAccumulator[] rowsByReason = new LongAccumulator[RowChecks.REASONS.length];
    for (int i = 0; i < rowsByReason.length; i++) {
      rowsByReason[i] = sc.longAccumulator("rowconv rejects " + RowChecks.REASONS[i]);
    }

    List<Integer> kept = new ArrayList<>();
    LongAccumulator readByOutput = sc.longAccumulator("rowconv rows read by the output pass");
    LongAccumulator readByRejects = sc.longAccumulator("rowconv rows read by the rejects pass");
    StructType outputSchema = new StructType();
    for (int i = 0; i < inputSchema.size(); i++) {
      StructField f = inputSchema.fields()[i];
      if (spec.keepOperands() || !(f.name().equals(spec.signalColumn()) || f.name().equals(spec.tapsColumn()))) {
        kept.add(i);
        outputSchema = outputSchema.add(f);
      }
    }
    outputSchema = outputSchema.add(spec.outputColumn(), single ? FLOAT_ARRAY_NO_NULLS : DOUBLE_ARRAY_NO_NULLS,
        false);
    int[] keptOrdinals = kept.stream().mapToInt(Integer::intValue).toArray();
    StructType rejectsSchema = inputSchema
        .add(InputColumns.REASON_COLUMN, DataTypes.StringType, false)
        .add(InputColumns.MESSAGE_COLUMN, DataTypes.StringType, false);
    Dataset<Row> output = dataFrame(input, rows, batches, outputSchema, true, new ConvolvePartitionFunction(
        spec, checks, inputSchema, outputSchema, keptOrdinals, signalOrdinal, tapsOrdinal, rowsByMethod, readByOutput));
    Dataset<Row> rejects = dataFrame(input, rows, batches, rejectsSchema, false,
        new RejectPartitionFunction(checks, inputSchema, rowsByReason, readByRejects));
    return new ConvolutionResult(output, rejects, rowsByMethod, rowsByReason, readByOutput, readByRejects);
  }

  private static int operandOrdinal(StructField field, StructType schema, List<Column> projection, String slot,
      boolean single) {
    // single precision: InputColumns has checked the operands are array<float>
    if (single || ((ArrayType) field.dataType()).elementType() instanceof DoubleType) {
      return schema.fieldIndex(field.name());
    }
    projection.add(StageColumns.column(field.name()).cast(DOUBLE_ARRAY).as(slot));
    return projection.size() - 1;
  }

  /**
   * One pass over the input's rows, or over its column batches' rows when it is read as batches. A pass that
   * emits exact-size {@code UnsafeRow}s ({@code exactRows}) is planned without Spark's copy of every row
   * ({@link ExactRowsScan}).
   */
  private static Dataset<Row> dataFrame(Dataset<Row> input, RDD<InternalRow> rows, RDD<ColumnarBatch> batches,
      StructType schema, boolean exactRows, FlatMapFunction<Iterator<InternalRow>, InternalRow> pass) {
    RDD<InternalRow> passed = batches != null
        ? batches.toJavaRDD().mapPartitions(new ColumnarInput.RowsOfBatches(pass)).rdd()
        : rows.toJavaRDD().mapPartitions(pass).rdd();
    org.apache.spark.sql.classic.SparkSession session = (org.apache.spark.sql.classic.SparkSession) input.sparkSession();
    if (exactRows) {
      ExactRowsScan.registerOn(session);
      ExactRowsScan.mark(passed);
    }
    return session.internalCreateDataFrame(passed, schema, false);
  }

  private static final ArrayType DOUBLE_ARRAY = DataTypes.createArrayType(DataTypes.DoubleType, true);
  private static final ArrayType DOUBLE_ARRAY_NO_NULLS = DataTypes.createArrayType(DataTypes.DoubleType, false);
  private static final ArrayType FLOAT_ARRAY_NO_NULLS = DataTypes.createArrayType(DataTypes.FloatType, false);
}
