package io.rowconv.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnarBatch;

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
 * go through one pass per outcome ({@link PassRdd}); a columnar scan's rows are read in place in its
 * batches ({@link ColumnarInput}). The output pass ({@link ConvolvePartitionFunction}) checks each row
 * ({@link RowStep}), convolves the good ones and emits every input column unchanged (or all but signal and
 * taps: {@link ConvolutionSpec#keepOperands()}) plus the result; the rejects pass
 * ({@link RejectPartitionFunction}) emits the bad ones with their reason. Neither converts a column to Java
 * objects: the operands are copied from Spark's array memory straight into the kernel's buffers, every other
 * column is carried as Spark stores it.
 *
 * <p>{@code apply} changes nothing in the session: it plans the two datasets and registers the stage's count
 * accumulators with the session's {@code SparkContext}. The output rows are built at their exact size; a
 * session with rowconv's extensions ({@link RowconvExtensions}) hands them on without another copy, any other
 * copies them once more (same rows, more memory for very long rows). It needs a classic session: a Spark
 * Connect client has the SQL functions instead.
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
    if (!(input instanceof org.apache.spark.sql.classic.Dataset<Row> classicInput)) {
      throw UserError.usage("ConvolutionStage.apply needs a DataFrame of a classic SparkSession, not "
          + input.getClass().getName() + " (a Spark Connect session runs no code of the client's on the "
          + "server): over Spark Connect, call rowconv's SQL functions (README, \"From PySpark and SQL\")");
    }
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
    RDD<?> rows = batches != null ? batches : execution.toRdd();
    RowStep.Setup step = new RowStep.Setup(spec, operand(columns.signal()), operand(columns.taps()));

    org.apache.spark.SparkContext sc = classicInput.sparkSession().sparkContext();
    PassCounts outputCounts = new PassCounts(sc, "output", ConvolutionResult.methodNames());
    PassCounts rejectsCounts = new PassCounts(sc, "rejects", RejectReason.codes());

    List<Integer> kept = new ArrayList<>();
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
    org.apache.spark.sql.classic.SparkSession session = classicInput.sparkSession();
    boolean columnar = batches != null;
    PassRdd outputPass = new PassRdd(rows, columnar, new ConvolvePartitionFunction(step, inputSchema,
        outputSchema, keptOrdinals, signalOrdinal, tapsOrdinal, outputCounts), true);
    PassRdd rejectsPass = new PassRdd(rows, columnar, new RejectPartitionFunction(step, inputSchema, signalOrdinal,
        tapsOrdinal, rejectsCounts), false);
    outputCounts.setPartitions(outputPass.getNumPartitions());
    rejectsCounts.setPartitions(rejectsPass.getNumPartitions());
    return new ConvolutionResult(dataFrame(session, outputPass, outputSchema),
        dataFrame(session, rejectsPass, rejectsSchema), outputCounts, rejectsCounts);
  }

  private static RowStep.Operand operand(StructField field) {
    ArrayType type = (ArrayType) field.dataType();
    return new RowStep.Operand(field.name(), type.containsNull(), InputColumns.isFloatingPoint(type.elementType()));
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
   * The pass's rows as a DataFrame, without converting them: Spark's {@code internalCreateDataFrame} (an
   * internal method, used here only) takes an {@code RDD<InternalRow>} as it is, where the public
   * {@code createDataFrame} would convert every row from Java objects.
   */
  private static Dataset<Row> dataFrame(org.apache.spark.sql.classic.SparkSession session, PassRdd pass,
      StructType schema) {
    return session.internalCreateDataFrame(pass, schema, false);
  }

  private static final ArrayType DOUBLE_ARRAY = DataTypes.createArrayType(DataTypes.DoubleType, true);
  private static final ArrayType DOUBLE_ARRAY_NO_NULLS = DataTypes.createArrayType(DataTypes.DoubleType, false);
  private static final ArrayType FLOAT_ARRAY_NO_NULLS = DataTypes.createArrayType(DataTypes.FloatType, false);
}
