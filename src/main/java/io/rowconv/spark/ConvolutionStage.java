package io.rowconv.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
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
 * <p>The taps come from a column of the input (one filter per row, or a bank of filters per row, an array of
 * arrays: one result per filter), from {@link ConvolutionSpec.Builder#sharedTaps} (one filter for every row), or
 * from a taps table joined by key ({@link #apply(Dataset, Dataset, ConvolutionSpec)}).
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
  private static final String FOUND_SLOT = "__rowconv_found";

  private ConvolutionStage() {}

  /**
   * Plans the stage on {@code input}, its taps in a column or shared ({@link ConvolutionSpec#tapsSource()}).
   * Fails fast, before any work, with a {@link UserError} naming the column when the schema does not fit
   * {@code spec}. Nothing runs until an outcome is written or counted.
   */
  public static ConvolutionResult apply(Dataset<Row> input, ConvolutionSpec spec) {
    if (spec.tapsSource() == ConvolutionSpec.TapsSource.TABLE) {
      throw UserError.usage("taps keys " + spec.tapsKeys() + " look the taps up in a taps table: call "
          + "ConvolutionStage.apply(input, tapsTable, spec)");
    }
    return plan(classic(input), null, spec);
  }

  /**
   * Plans the stage on {@code input} with each row's filter (or bank) looked up in {@code tapsTable} by the
   * key columns {@link ConvolutionSpec#tapsKeys()}, from its column {@link ConvolutionSpec#tapsColumn()}. A row
   * whose key is null ({@code null_key}) or absent from the table ({@code taps_not_found}) is rejected. The table
   * must hold one filter per key: a duplicated key is a {@link UserError} (checked now, with a Spark job over
   * the table). Spark plans the join: a broadcast when the table is under
   * {@code spark.sql.autoBroadcastJoinThreshold}, a shuffle otherwise.
   */
  public static ConvolutionResult apply(Dataset<Row> input, Dataset<Row> tapsTable, ConvolutionSpec spec) {
    if (spec.tapsSource() != ConvolutionSpec.TapsSource.TABLE) {
      throw UserError.usage("a taps table needs the key columns that look each row's filter up: "
          + "ConvolutionSpec.builder().tapsKeys(...)");
    }
    return plan(classic(input), classic(tapsTable), spec);
  }

  private static org.apache.spark.sql.classic.Dataset<Row> classic(Dataset<Row> data) {
    if (!(data instanceof org.apache.spark.sql.classic.Dataset<Row> classic)) {
      throw UserError.usage("ConvolutionStage.apply needs a DataFrame of a classic SparkSession, not "
          + data.getClass().getName() + " (a Spark Connect session runs no code of the client's on the "
          + "server): over Spark Connect, call rowconv's SQL functions (README, \"From PySpark and SQL\")");
    }
    return classic;
  }

  private static ConvolutionResult plan(org.apache.spark.sql.classic.Dataset<Row> input,
      org.apache.spark.sql.classic.Dataset<Row> tapsTable, ConvolutionSpec spec) {
    StructType inputSchema = input.schema();
    InputColumns columns = InputColumns.check(inputSchema, tapsTable == null ? null : tapsTable.schema(), spec);
    boolean single = spec.precision() == ConvolutionSpec.Precision.SINGLE;
    // nested operands: a bank of 1-D filters, or 2-D images and kernels (both array<array<double>>)
    boolean nested = columns.bank() || spec.dims() == 2;

    // The rows the passes read: the input's columns, then the operands as array<double> (array<float> in single
    // precision, array<array<double>> for banks) where they are not already (read in place when they are), then
    // a taps table's filter and its found-marker.
    List<Column> projection = new ArrayList<>();
    for (StructField f : inputSchema.fields()) {
      projection.add(StageColumns.column(f.name()));
    }
    int signalOrdinal = operandOrdinal(columns.signal(), inputSchema, projection, SIGNAL_SLOT, single,
        spec.dims() == 2);
    int tapsOrdinal = -1;
    if (spec.tapsSource() == ConvolutionSpec.TapsSource.COLUMN) {
      tapsOrdinal = spec.tapsColumn().equals(spec.signalColumn())
          ? signalOrdinal
          : operandOrdinal(columns.taps(), inputSchema, projection, TAPS_SLOT, single, nested);
    }
    Dataset<Row> prepared = projection.size() == inputSchema.size()
        ? input
        : input.select(projection.toArray(new Column[0]));
    KeyLookup lookup = null;
    if (tapsTable != null) {
      int width = projection.size();
      prepared = joinTaps(prepared, tapsTable, columns.taps(), spec, single, nested);
      tapsOrdinal = width;
      lookup = keyLookup(inputSchema, spec, width + 1);
    }

    org.apache.spark.sql.execution.QueryExecution execution =
        ((org.apache.spark.sql.classic.Dataset<Row>) prepared).queryExecution();
    RDD<ColumnarBatch> batches = ColumnarInput.batches(execution.executedPlan());
    RDD<?> rows = batches != null ? batches : execution.toRdd();
    RowStep.Setup step = new RowStep.Setup(spec, operand(columns.signal(), columns.signal().name()),
        columns.taps() == null ? new RowStep.Operand("taps", false, true)
            : operand(columns.taps(), tapsTable == null ? columns.taps().name() : "taps"), columns.bank());

    org.apache.spark.SparkContext sc = input.sparkSession().sparkContext();
    // both passes run over the partitions of rows (PassRdd keeps its parent's)
    PassCounts outputCounts = new PassCounts(sc, "output", ConvolutionResult.methodNames(), rows.getNumPartitions());
    PassCounts rejectsCounts = new PassCounts(sc, "rejects", RejectReason.codes(), rows.getNumPartitions());

    List<Integer> kept = new ArrayList<>();
    StructType outputSchema = new StructType();
    for (int i = 0; i < inputSchema.size(); i++) {
      StructField f = inputSchema.fields()[i];
      if (spec.keepOperands() || !(f.name().equals(spec.signalColumn()) || f.name().equals(spec.tapsColumn()))) {
        kept.add(i);
        outputSchema = outputSchema.add(f);
      }
    }
    DataType resultElement = single ? DataTypes.FloatType : DataTypes.DoubleType;
    DataType resultType = nested
        ? DataTypes.createArrayType(DataTypes.createArrayType(resultElement, false), false)
        : DataTypes.createArrayType(resultElement, false);
    outputSchema = outputSchema.add(spec.outputColumn(), resultType, false);
    int[] keptOrdinals = kept.stream().mapToInt(Integer::intValue).toArray();
    StructType rejectsSchema = inputSchema
        .add(InputColumns.REASON_COLUMN, DataTypes.StringType, false)
        .add(InputColumns.MESSAGE_COLUMN, DataTypes.StringType, false);
    org.apache.spark.sql.classic.SparkSession session = input.sparkSession();
    boolean columnar = batches != null;
    // the output row appends the 1-D operands it read from its own buffers; nested ones are copied as columns
    PassRdd outputPass = new PassRdd(rows, columnar, new ConvolvePartitionFunction(step, lookup, inputSchema,
        outputSchema, keptOrdinals, signalOrdinal, tapsOrdinal, spec.dims() == 2 ? -1 : signalOrdinal,
        nested ? -1 : tapsOrdinal, outputCounts), true);
    PassRdd rejectsPass = new PassRdd(rows, columnar, new RejectPartitionFunction(step, lookup, inputSchema,
        signalOrdinal, tapsOrdinal, rejectsCounts), false);
    return new ConvolutionResult(dataFrame(session, outputPass, outputSchema),
        dataFrame(session, rejectsPass, rejectsSchema), outputCounts, rejectsCounts,
        execution.executedPlan().toString());
  }

  /**
   * The input's rows (columns as given) left-outer-joined with their filter from the taps table by key: every
   * input row once (the table's keys are checked unique first), then the filter (null when the key has none)
   * and a marker that is true on every row the table matched.
   */
  private static Dataset<Row> joinTaps(Dataset<Row> rows, org.apache.spark.sql.classic.Dataset<Row> table,
      StructField taps, ConvolutionSpec spec, boolean single, boolean nested) {
    Column[] keys = spec.tapsKeys().stream().map(StageColumns::column).toArray(Column[]::new);
    Column known = functions.lit(true);
    for (Column key : keys) {
      known = known.and(key.isNotNull());
    }
    List<Row> duplicated = table.where(known).groupBy(keys).count().where("count > 1").limit(1).collectAsList();
    if (!duplicated.isEmpty()) {
      Row row = duplicated.get(0);
      StringBuilder key = new StringBuilder();
      for (int i = 0; i < keys.length; i++) {
        key.append(i == 0 ? "" : ", ").append(spec.tapsKeys().get(i)).append('=').append(row.get(i));
      }
      throw UserError.input("the taps table holds " + row.getLong(keys.length) + " filters for the key " + key
          + " (--taps-key): each key needs exactly one filter");
    }
    List<Column> side = new ArrayList<>();
    for (int i = 0; i < keys.length; i++) {
      side.add(keys[i].as("__rowconv_key" + i));
    }
    Column filter = StageColumns.column(taps.name());
    DataType wanted = operandType(single, nested);
    side.add((taps.dataType().equals(wanted) ? filter : filter.cast(wanted)).as(TAPS_SLOT));
    side.add(functions.lit(true).as(FOUND_SLOT));
    Dataset<Row> right = table.select(side.toArray(new Column[0]));
    Column condition = null;
    for (int i = 0; i < keys.length; i++) {
      Column equal = rows.col(StageColumns.quoted(spec.tapsKeys().get(i))).equalTo(right.col("__rowconv_key" + i));
      condition = condition == null ? equal : condition.and(equal);
    }
    List<Column> out = new ArrayList<>();
    for (String name : rows.columns()) {
      out.add(rows.col(StageColumns.quoted(name)));
    }
    out.add(right.col(TAPS_SLOT));
    out.add(right.col(FOUND_SLOT));
    return rows.join(right, condition, "left_outer").select(out.toArray(new Column[0]));
  }

  private static KeyLookup keyLookup(StructType inputSchema, ConvolutionSpec spec, int foundOrdinal) {
    int count = spec.tapsKeys().size();
    String[] names = new String[count];
    int[] ordinals = new int[count];
    DataType[] types = new DataType[count];
    for (int i = 0; i < count; i++) {
      names[i] = spec.tapsKeys().get(i);
      ordinals[i] = inputSchema.fieldIndex(names[i]);
      types[i] = inputSchema.fields()[ordinals[i]].dataType();
    }
    return new KeyLookup(names, ordinals, types, foundOrdinal);
  }

  private static RowStep.Operand operand(StructField field, String name) {
    ArrayType type = (ArrayType) field.dataType();
    boolean mayHoldNulls = type.containsNull();
    DataType element = type.elementType();
    if (element instanceof ArrayType inner) { // a bank: the filters' own nulls
      mayHoldNulls = inner.containsNull();
      element = inner.elementType();
    }
    return new RowStep.Operand(name, mayHoldNulls, InputColumns.isFloatingPoint(element));
  }

  private static int operandOrdinal(StructField field, StructType schema, List<Column> projection, String slot,
      boolean single, boolean nested) {
    // single precision: InputColumns has checked the operands are array<float>
    DataType wanted = operandType(single, nested);
    if (single || field.dataType().sameType(wanted)) {
      return schema.fieldIndex(field.name());
    }
    projection.add(StageColumns.column(field.name()).cast(wanted).as(slot));
    return projection.size() - 1;
  }

  /** The type the passes read an operand as. */
  private static DataType operandType(boolean single, boolean nested) {
    DataType values = DataTypes.createArrayType(single ? DataTypes.FloatType : DataTypes.DoubleType, true);
    return nested ? DataTypes.createArrayType(values, true) : values;
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
}
