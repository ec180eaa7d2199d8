package io.rowconv.spark;

import io.rowconv.kernel.Method;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

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
 * <p>The plan: classify each row with {@link RejectRules} (Spark SQL); the good rows go through a
 * {@code mapPartitions} stage ({@link ConvolvePartitionFunction}) that reads signal and taps as primitive
 * {@code double[]} (cast from any numeric element type) and carries every other column through; a final
 * projection restores the input's column order and types and appends the output column.
 */
public final class ConvolutionStage {

  private static final String SIGNAL_SLOT = "__rowconv_signal";
  private static final String TAPS_SLOT = "__rowconv_taps";
  private static final String RESULT_SLOT = "__rowconv_result";

  private ConvolutionStage() {}

  /**
   * Plans the stage on {@code input}. Fails fast, before any work, with a {@link UserError} naming the
   * column when the schema does not fit {@code spec}. Nothing runs until an outcome is written or counted.
   */
  public static ConvolutionResult apply(Dataset<Row> input, ConvolutionSpec spec) {
    InputColumns columns = InputColumns.check(input.schema(), spec);
    RejectRules rules = new RejectRules(columns, spec);
    Dataset<Row> rejects = input
        .withColumn(InputColumns.REASON_COLUMN, rules.reason())
        .withColumn(InputColumns.MESSAGE_COLUMN, rules.message())
        .filter(functions.col(InputColumns.REASON_COLUMN).isNotNull());
    Dataset<Row> good = input.filter(rules.reason().isNull());
    LongAccumulator[] rowsByMethod = new LongAccumulator[Method.values().length];
    for (Method method : Method.values()) {
      rowsByMethod[method.ordinal()] =
          input.sparkSession().sparkContext().longAccumulator("rowconv rows " + method.cliName());
    }
    return new ConvolutionResult(convolve(good, columns, spec, rowsByMethod), rejects, rowsByMethod);
  }

  private static Dataset<Row> convolve(
      Dataset<Row> good, InputColumns columns, ConvolutionSpec spec, LongAccumulator[] rowsByMethod) {
    StructType schema = columns.schema();
    List<String> rebuilt = columns.rebuiltColumns();
    boolean emitSignal = rebuilt.contains(spec.signalColumn());
    boolean emitTaps = rebuilt.contains(spec.tapsColumn()) && !spec.tapsColumn().equals(spec.signalColumn());

    List<StructField> carriedFields = new ArrayList<>();
    List<Column> carriedColumns = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (!rebuilt.contains(f.name())) {
        carriedFields.add(f);
        carriedColumns.add(StageColumns.column(f.name()));
      }
    }
    StructType carriedSchema = new StructType(carriedFields.toArray(new StructField[0]));
    Column operands = functions.struct(
        StageColumns.column(spec.signalColumn()).cast(DOUBLE_ARRAY).as("signal"),
        StageColumns.column(spec.tapsColumn()).cast(DOUBLE_ARRAY).as("taps"));
    Encoder<Tuple2<Row, SignalTaps>> inputEncoder =
        Encoders.tuple(Encoders.row(carriedSchema), Encoders.bean(SignalTaps.class));
    Dataset<Tuple2<Row, SignalTaps>> typed = good
        .select(functions.struct(carriedColumns.toArray(new Column[0])).as("_1"), operands.as("_2"))
        .as(inputEncoder);

    StructType computedSchema = carriedSchema;
    if (emitSignal) {
      computedSchema = computedSchema.add(SIGNAL_SLOT, DOUBLE_ARRAY_NO_NULLS, false);
    }
    if (emitTaps) {
      computedSchema = computedSchema.add(TAPS_SLOT, DOUBLE_ARRAY_NO_NULLS, false);
    }
    computedSchema = computedSchema.add(RESULT_SLOT, DOUBLE_ARRAY_NO_NULLS, false);
    Dataset<Row> computed = typed.mapPartitions(
        new ConvolvePartitionFunction(spec, emitSignal, emitTaps, rowsByMethod),
        Encoders.row(computedSchema));

    // Back to the input's column order and types, then the output column.
    List<Column> projection = new ArrayList<>();
    for (StructField f : schema.fields()) {
      Column value;
      if (emitSignal && f.name().equals(spec.signalColumn())) {
        value = functions.col(SIGNAL_SLOT).cast(f.dataType());
      } else if (rebuilt.contains(f.name()) && f.name().equals(spec.tapsColumn())) {
        value = functions.col(emitTaps ? TAPS_SLOT : SIGNAL_SLOT).cast(f.dataType());
      } else {
        value = StageColumns.column(f.name());
      }
      projection.add(value.as(f.name(), f.metadata()));
    }
    projection.add(functions.col(RESULT_SLOT).as(spec.outputColumn()));
    return computed.select(projection.toArray(new Column[0]));
  }

  private static final org.apache.spark.sql.types.ArrayType DOUBLE_ARRAY =
      DataTypes.createArrayType(DataTypes.DoubleType, true);
  private static final org.apache.spark.sql.types.ArrayType DOUBLE_ARRAY_NO_NULLS =
      DataTypes.createArrayType(DataTypes.DoubleType, false);
}
