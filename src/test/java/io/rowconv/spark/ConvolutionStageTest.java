package io.rowconv.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rowconv.kernel.Reference;
import io.rowconv.kernel.Mode;
import io.rowconv.kernel.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import scala.collection.Seq;

class ConvolutionStageTest extends SparkTestBase {

  private static final DataType INT_ARRAY = DataTypes.createArrayType(DataTypes.IntegerType);
  private static final DataType FLOAT_ARRAY = DataTypes.createArrayType(DataTypes.FloatType);
  private static final DataType DOUBLE_ARRAY = DataTypes.createArrayType(DataTypes.DoubleType);
  private static final DataType LONG_ARRAY = DataTypes.createArrayType(DataTypes.LongType);

  /** Rows with int, float and double operands and passthrough columns, written to Parquet by the test. */
  private static Dataset<Row> mixedInput(int rows, long seed) {
    StructType schema = new StructType(new StructField[] {
      new StructField("id", DataTypes.LongType, false, Metadata.empty()),
      new StructField("label", DataTypes.StringType, true, Metadata.empty()),
      new StructField("x_int", INT_ARRAY, true, Metadata.empty()),
      new StructField("x_float", FLOAT_ARRAY, true, Metadata.empty()),
      new StructField("x", DOUBLE_ARRAY, true, Metadata.empty()),
      new StructField("h", DOUBLE_ARRAY, true, Metadata.empty()),
      new StructField("h_int", INT_ARRAY, true, Metadata.empty()),
      new StructField("big", LONG_ARRAY, true, Metadata.empty()),
    });
    SplittableRandom random = new SplittableRandom(seed);
    List<Row> data = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      int n = 1 + random.nextInt(i % 4 == 0 ? 600 : 60);
      int k = 1 + random.nextInt(i % 5 == 0 ? 300 : 40);
      Integer[] xi = new Integer[n];
      Float[] xf = new Float[n];
      Double[] xd = new Double[n];
      for (int t = 0; t < n; t++) {
        xi[t] = random.nextInt(-1000, 1000);
        xf[t] = (float) (random.nextDouble() * 2 - 1);
        xd[t] = random.nextDouble() * 2 - 1;
      }
      Double[] h = new Double[k];
      Integer[] hi = new Integer[k];
      for (int t = 0; t < k; t++) {
        h[t] = random.nextDouble() * 2 - 1;
        hi[t] = random.nextInt(-3, 4);
      }
      data.add(RowFactory.create((long) i, "row-" + i, seq(xi), seq(xf), seq(xd), seq(h), seq(hi),
          seq(new Long[] {Long.MAX_VALUE - i, (long) i})));
    }
    String path = tempDir.resolve("mixed-" + seed).toString();
    spark.createDataFrame(data, schema).repartition(3).write().mode("overwrite").parquet(path);
    return spark.read().parquet(path);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Mode.class)
  void apply_intFloatDoubleInputs_matchTheReferenceAndKeepColumns(Mode mode) {
    Dataset<Row> input = mixedInput(60, mode.ordinal());
    Map<Long, Row> inputById = byId(input);
    String[][] pairs = {{"x_int", "h"}, {"x_float", "h_int"}, {"x", "h"}};
    for (String[] pair : pairs) {
      for (Operation op : Operation.values()) {
        ConvolutionSpec spec = ConvolutionSpec.builder().signalColumn(pair[0]).tapsColumn(pair[1])
            .outputColumn("y").mode(mode).operation(op).build();
        ConvolutionResult result = ConvolutionStage.apply(input, spec);
        Dataset<Row> output = result.output();
        assertThat(output.schema().fieldNames())
            .containsExactly("id", "label", "x_int", "x_float", "x", "h", "h_int", "big", "y");
        for (int i = 0; i < 8; i++) {
          assertThat(output.schema().fields()[i].dataType()).isEqualTo(input.schema().fields()[i].dataType());
        }
        List<Row> rows = output.collectAsList();
        assertThat(rows).hasSize(60);
        assertThat(result.rejects().count()).isZero();
        for (Row row : rows) {
          Row original = inputById.get(row.getLong(0));
          for (int c = 0; c < 8; c++) {
            assertThat(row.get(c)).as("column %d of row %d", c, row.getLong(0)).isEqualTo(original.get(c));
          }
          double[] x = doubles(original.getList(original.fieldIndex(pair[0])));
          double[] h = doubles(original.getList(original.fieldIndex(pair[1])));
          assertWithinContract(op, mode, x, h, doubles(row.getList(8)));
        }
      }
    }
  }

  @Test
  void apply_withoutOperands_dropsSignalAndTapsKeepsTheRest() {
    Dataset<Row> input = mixedInput(40, 77);
    Map<Long, Row> inputById = byId(input);
    ConvolutionSpec spec = ConvolutionSpec.builder().signalColumn("x_int").tapsColumn("h").outputColumn("y")
        .mode(Mode.VALID).keepOperands(false).build();
    ConvolutionResult result = ConvolutionStage.apply(input, spec);
    assertThat(result.output().schema().fieldNames()).containsExactly("id", "label", "x_float", "x", "h_int", "big", "y");
    assertThat(result.rejects().schema().fieldNames()).contains("x_int", "h");
    List<Row> rows = result.output().collectAsList();
    assertThat(rows).hasSize(40);
    for (Row row : rows) {
      Row original = inputById.get(row.getLong(0));
      assertThat(row.getString(1)).isEqualTo(original.getString(1));
      assertThat(row.getList(5)).isEqualTo(original.getList(original.fieldIndex("big")));
      assertWithinContract(Operation.CONVOLVE, Mode.VALID, doubles(original.getList(original.fieldIndex("x_int"))),
          doubles(original.getList(original.fieldIndex("h"))), doubles(row.getList(6)));
    }
  }

  @Test
  void apply_missingColumn_failsBeforeWorkNamingColumns() {
    Dataset<Row> input = mixedInput(3, 99);
    ConvolutionSpec spec = ConvolutionSpec.builder().signalColumn("X").tapsColumn("h").build();
    assertThatThrownBy(() -> ConvolutionStage.apply(input, spec))
        .isInstanceOf(UserError.class)
        .hasMessage("input has no column 'X' (--signal-col); its columns are "
            + "[id, label, x_int, x_float, x, h, h_int, big] (column names are case-sensitive: did you mean 'x'?)");
  }

  @Test
  void apply_nonArrayColumn_failsNamingTypes() {
    Dataset<Row> input = mixedInput(3, 98);
    ConvolutionSpec spec = ConvolutionSpec.builder().signalColumn("label").tapsColumn("h").build();
    assertThatThrownBy(() -> ConvolutionStage.apply(input, spec))
        .isInstanceOf(UserError.class)
        .hasMessage("column 'label' (--signal-col) is string; expected an array of numbers, "
            + "e.g. array<double>, array<float>, array<int> or array<bigint>");
  }

  @Test
  void apply_outputColumnClash_fails() {
    Dataset<Row> input = mixedInput(3, 97);
    ConvolutionSpec spec = ConvolutionSpec.builder().signalColumn("x").tapsColumn("h").outputColumn("LABEL").build();
    assertThatThrownBy(() -> ConvolutionStage.apply(input, spec))
        .isInstanceOf(UserError.class)
        .hasMessage("input already has a column 'label', which the job would add: choose another --output-col");
  }

  /**
   * A Parquet input is read in place in the scan's column batches; the same rows from JSON go the row path.
   * Small batches (7 rows) put good and bad rows across many batch boundaries; both paths must agree exactly.
   */
  @Test
  void apply_columnarAndRowInputs_giveTheSameOutputAndRejects() {
    StructType schema = new StructType()
        .add("id", DataTypes.LongType, false)
        .add("x", DOUBLE_ARRAY, true)
        .add("h", DOUBLE_ARRAY, true);
    SplittableRandom random = new SplittableRandom(21);
    List<Row> data = new ArrayList<>();
    for (int i = 0; i < 90; i++) {
      int n = 1 + random.nextInt(200);
      int k = 1 + random.nextInt(30);
      Double[] x = new Double[n];
      Double[] h = new Double[k];
      for (int t = 0; t < n; t++) {
        x[t] = random.nextDouble() * 2 - 1;
      }
      for (int t = 0; t < k; t++) {
        h[t] = random.nextDouble() * 2 - 1;
      }
      switch (i % 11) {
        case 3 -> x[n / 2] = null;
        case 5 -> h[0] = Double.NaN;
        case 7 -> x = new Double[0];
        default -> { }
      }
      data.add(RowFactory.create((long) i, i % 13 == 0 ? null : seq(x), seq(h)));
    }
    Dataset<Row> frame = spark.createDataFrame(data, schema).repartition(2);
    String parquet = tempDir.resolve("columnar-parquet").toString();
    String json = tempDir.resolve("columnar-json").toString();
    frame.write().mode("overwrite").parquet(parquet);
    frame.write().mode("overwrite").json(json);
    spark.conf().set("spark.sql.parquet.columnarReaderBatchSize", "7");
    try {
      Dataset<Row> columnar = spark.read().parquet(parquet);
      Dataset<Row> rows = spark.read().schema(schema).json(json);
      assertThat(ColumnarInput.batches(executedPlan(columnar))).as("parquet read as batches").isNotNull();
      assertThat(ColumnarInput.batches(executedPlan(rows))).as("json read as rows").isNull();
      ConvolutionSpec spec = ConvolutionSpec.builder().signalColumn("x").tapsColumn("h").outputColumn("y")
          .mode(Mode.FULL).build();
      ConvolutionResult fromBatches = ConvolutionStage.apply(columnar, spec);
      ConvolutionResult fromRows = ConvolutionStage.apply(rows, spec);
      Map<Long, Row> expected = byId(fromRows.output());
      Map<Long, Row> actual = byId(fromBatches.output());
      assertThat(actual.keySet()).isEqualTo(expected.keySet());
      assertThat(actual).hasSizeBetween(50, 80);
      for (Map.Entry<Long, Row> e : expected.entrySet()) {
        assertThat(actual.get(e.getKey())).as("row %d", e.getKey()).isEqualTo(e.getValue());
      }
      // rows rendered as text: Row equality treats NaN (a reject reason here) as unequal to itself
      Map<Long, String> expectedRejects = new HashMap<>();
      byId(fromRows.rejects()).forEach((id, row) -> expectedRejects.put(id, row.mkString("|")));
      Map<Long, String> actualRejects = new HashMap<>();
      byId(fromBatches.rejects()).forEach((id, row) -> actualRejects.put(id, row.mkString("|")));
      assertThat(actualRejects).isEqualTo(expectedRejects);
      assertThat(actualRejects.size() + actual.size()).isEqualTo(90);
    } finally {
      spark.conf().unset("spark.sql.parquet.columnarReaderBatchSize");
    }
  }

  private static org.apache.spark.sql.execution.SparkPlan executedPlan(Dataset<Row> frame) {
    return ((org.apache.spark.sql.classic.Dataset<Row>) frame).queryExecution().executedPlan();
  }

  @Test
  void apply_singlePrecision_givesTheKernelsFloatsAndRejectsNonFiniteFloats() {
    StructType schema = new StructType()
        .add("id", DataTypes.LongType, false)
        .add("x", FLOAT_ARRAY, true)
        .add("h", FLOAT_ARRAY, true);
    SplittableRandom random = new SplittableRandom(11);
    List<Row> data = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      int n = 1 + random.nextInt(i % 3 == 0 ? 3000 : 100);
      int k = 1 + random.nextInt(i % 4 == 0 ? 500 : 20);
      Float[] x = new Float[n];
      Float[] h = new Float[k];
      for (int t = 0; t < n; t++) {
        x[t] = (float) (random.nextDouble() * 2 - 1);
      }
      for (int t = 0; t < k; t++) {
        h[t] = (float) (random.nextDouble() * 2 - 1);
      }
      if (i == 7) {
        x[n / 2] = Float.NaN;
      }
      if (i == 8) {
        h[0] = null;
      }
      data.add(RowFactory.create((long) i, seq(x), seq(h)));
    }
    String path = tempDir.resolve("floats").toString();
    String json = tempDir.resolve("floats-json").toString();
    spark.createDataFrame(data, schema).repartition(2).write().mode("overwrite").parquet(path);
    spark.createDataFrame(data, schema).repartition(2).write().mode("overwrite").json(json);
    // Parquet is read in place in column batches, JSON as rows (Spark's array bytes): both float readers
    for (Dataset<Row> input : List.of(spark.read().parquet(path), spark.read().schema(schema).json(json))) {
      assertSinglePrecisionStage(input);
    }
  }

  private void assertSinglePrecisionStage(Dataset<Row> input) {
    Map<Long, Row> inputById = byId(input);
    for (Operation op : Operation.values()) {
      ConvolutionSpec spec = ConvolutionSpec.builder().signalColumn("x").tapsColumn("h").outputColumn("y")
          .mode(Mode.FULL).operation(op).precision(ConvolutionSpec.Precision.SINGLE).build();
      ConvolutionResult result = ConvolutionStage.apply(input, spec);
      assertThat(result.output().schema().apply("y").dataType())
          .isEqualTo(DataTypes.createArrayType(DataTypes.FloatType, false));
      List<Row> rows = result.output().collectAsList();
      assertThat(rows).hasSize(48);
      io.rowconv.kernel.SinglePrecisionConvolver kernel = new io.rowconv.kernel.SinglePrecisionConvolver();
      for (Row row : rows) {
        Row original = inputById.get(row.getLong(0));
        float[] x = floats(original.getList(1));
        float[] h = floats(original.getList(2));
        float[] expected = new float[x.length + h.length - 1];
        kernel.apply(op, Mode.FULL, io.rowconv.kernel.Method.AUTO, x, 0, x.length, h, 0, h.length, expected, 0);
        assertThat(floats(row.getList(3))).as("row %d", row.getLong(0)).containsExactly(expected);
      }
      Map<Long, String> reasons = new HashMap<>();
      for (Row reject : result.rejects().collectAsList()) {
        reasons.put(reject.getLong(0), reject.getString(3) + ": " + reject.getString(4));
      }
      assertThat(reasons).hasSize(2);
      assertThat(reasons.get(7L)).startsWith("non_finite: x: element ").contains(" is NaN");
      assertThat(reasons.get(8L)).isEqualTo("null_element: h: element 0 is null");
    }
  }

  @Test
  void columnarInput_typesTheRowViewCannotReturn_takeTheRowPath() {
    assertThat(ColumnarInput.rowViewReads(DOUBLE_ARRAY)).isTrue();
    assertThat(ColumnarInput.rowViewReads(new StructType().add("a", DataTypes.StringType)
        .add("m", DataTypes.createMapType(DataTypes.IntegerType, DataTypes.TimestampType)))).isTrue();
    assertThat(ColumnarInput.rowViewReads(new org.apache.spark.sql.types.TimeType(6))).isFalse();
    assertThat(ColumnarInput.rowViewReads(DataTypes.createArrayType(DataTypes.CalendarIntervalType))).isFalse();
  }

  /** A TIME column (Parquet reads it in batches, Spark's batch row view cannot return it) goes the row path. */
  @Test
  void apply_parquetWithTimeColumn_carriesItThrough() {
    String path = tempDir.resolve("with-time").toString();
    spark.conf().set("spark.sql.timeType.enabled", "true"); // TIME is behind a flag in Spark 4.2
    try {
      spark.sql("SELECT id, CAST('12:34:56.5' AS TIME) AS t, array(1.0D, 2.0D, 3.0D) AS signal, array(0.5D) AS taps "
          + "FROM range(5)").write().mode("overwrite").parquet(path);
      Dataset<Row> input = spark.read().parquet(path);
      ConvolutionResult result = ConvolutionStage.apply(input, ConvolutionSpec.builder().mode(Mode.FULL).build());
      List<Row> rows = result.output().collectAsList();
      assertThat(rows).hasSize(5);
      for (Row row : rows) {
        assertThat(row.get(1).toString()).startsWith("12:34:56.5");
        assertThat(doubles(row.getList(4))).containsExactly(0.5, 1.0, 1.5);
      }
    } finally {
      spark.conf().unset("spark.sql.timeType.enabled");
    }
  }

  @Test
  void apply_singlePrecisionOnDoubleColumn_failsNamingTheType() {
    Dataset<Row> input = mixedInput(3, 96);
    ConvolutionSpec spec = ConvolutionSpec.builder().signalColumn("x_float").tapsColumn("h")
        .precision(ConvolutionSpec.Precision.SINGLE).build();
    assertThatThrownBy(() -> ConvolutionStage.apply(input, spec))
        .isInstanceOf(UserError.class)
        .hasMessage("--precision single computes float32 operands, but column 'h' (--taps-col) is array<double>: "
            + "use --precision double, or store the column as array<float>");
  }

  private static float[] floats(List<Object> values) {
    float[] a = new float[values.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = ((Number) values.get(i)).floatValue();
    }
    return a;
  }

  /** Within the accuracy contract of whatever method {@code auto} chose, against the independent reference. */
  static void assertWithinContract(Operation op, Mode mode, double[] x, double[] h, double[] actual) {
    Reference.assertWithinMethodContract(op + " " + mode, io.rowconv.kernel.Method.AUTO, op, mode, x, h, actual);
  }


  static Map<Long, Row> byId(Dataset<Row> rows) {
    Map<Long, Row> map = new HashMap<>();
    for (Row row : rows.collectAsList()) {
      map.put(row.getLong(row.fieldIndex("id")), row);
    }
    return map;
  }

  static double[] doubles(List<?> values) {
    double[] a = new double[values.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = ((Number) values.get(i)).doubleValue();
    }
    return a;
  }

  private static double[] abs(double[] a) {
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = Math.abs(a[i]);
    }
    return r;
  }

  static <T> Seq<T> seq(T[] values) {
    return scala.jdk.javaapi.CollectionConverters.asScala(java.util.Arrays.asList(values)).toSeq();
  }
}
