package io.rowconv.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.rowconv.kernel.Method;
import io.rowconv.kernel.Mode;
import io.rowconv.kernel.RowConvolver;
import io.rowconv.kernel.SinglePrecisionConvolver;
import io.rowconv.kernel.Operation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.SparkPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The output pass builds its rows itself ({@link ExactOutputRow}) and Spark plans them without a copy
 * ({@link ExactRowsScan}): every kept column must come out exactly as it went in, whatever its type, and the
 * result as the kernel computes it, on both input paths (column batches and rows).
 */
class ExactOutputRowTest extends SparkTestBase {

  /** Columns of every kind around the operands, some null on some rows. */
  private static final String INPUT = "select id, concat('row ', id) name, cast(id / 7 as decimal(10, 3)) dec, "
      + "if(id % 4 = 0, null, cast(concat('b', id) as binary)) bin, id % 2 = 0 flag, "
      + "date_add(date'2026-11-01', cast(id as int)) day, timestamp'2026-11-25 10:00:00' ts, "
      + "transform(sequence(0, cast(id % 50 + 1 as int)), i -> sin(i * 0.1 + id)) x, "
      + "if(id % 3 = 0, null, map('k', cast(id as int))) tags, "
      + "transform(sequence(0, cast(id % 9 as int)), i -> cos(i + id * 0.5)) h, "
      + "named_struct('a', cast(id as int), 'b', array(concat('s', id), null)) st, "
      + "if(id % 5 = 0, null, array(array(id), array())) nested, cast(id as float) f from range(0, 120, 1, 3)";

  @ParameterizedTest(name = "keep operands {0}")
  @ValueSource(booleans = {true, false})
  void everyKeptColumnUnchangedAndTheResultAsComputed_fromBatchesAndFromRows(boolean keepOperands) {
    Dataset<Row> rows = spark.sql(INPUT);
    String parquet = tempDir.resolve("exact-" + keepOperands).toString();
    rows.write().mode("overwrite").parquet(parquet);
    ConvolutionSpec spec = ConvolutionSpec.builder().signalColumn("x").tapsColumn("h").outputColumn("y")
        .mode(Mode.FULL).method(Method.DIRECT).keepOperands(keepOperands).build();
    for (Dataset<Row> input : List.of(spark.read().parquet(parquet), rows)) {
      Dataset<Row> output = ConvolutionStage.apply(input, spec).output();
      assertPlannedWithoutCopy(output);
      Map<Long, Row> in = byId(input);
      Map<Long, Row> out = byId(output);
      // a projection on top copies every field by its recorded size (ExactOutputRowBytesTest checks the bytes)
      String[] names = output.schema().fieldNames();
      org.apache.spark.sql.Column[] reversed = new org.apache.spark.sql.Column[names.length + 1];
      for (int i = 0; i < names.length; i++) {
        reversed[i + 1] = org.apache.spark.sql.functions.col(names[names.length - 1 - i]);
      }
      reversed[0] = org.apache.spark.sql.functions.col("id");
      for (Row copied : output.select(reversed).collectAsList()) {
        Row original = out.get(copied.getLong(0));
        for (int i = 0; i < names.length; i++) {
          Object expected = original.get(names.length - 1 - i);
          Object actual = copied.get(i + 1);
          if (expected instanceof byte[] bytes) {
            assertThat((byte[]) actual).isEqualTo(bytes);
          } else {
            assertThat(actual).as("row %d %s after a projection", copied.getLong(0), names[names.length - 1 - i])
                .isEqualTo(expected);
          }
        }
      }
      assertThat(out.keySet()).isEqualTo(in.keySet());
      RowConvolver reference = new RowConvolver();
      for (Map.Entry<Long, Row> e : in.entrySet()) {
        Row source = e.getValue();
        Row result = out.get(e.getKey());
        List<String> kept = java.util.Arrays.stream(input.schema().fieldNames())
            .filter(name -> keepOperands || !(name.equals("x") || name.equals("h"))).toList();
        assertThat(result.size()).isEqualTo(kept.size() + 1);
        for (int i = 0; i < kept.size(); i++) {
          Object expected = source.get(source.fieldIndex(kept.get(i)));
          Object actual = result.get(i);
          if (expected instanceof byte[] bytes) {
            assertThat((byte[]) actual).as("row %d %s", e.getKey(), kept.get(i)).isEqualTo(bytes);
          } else {
            assertThat(actual).as("row %d %s", e.getKey(), kept.get(i)).isEqualTo(expected);
          }
        }
        double[] x = doubles(source.getList(source.fieldIndex("x")));
        double[] h = doubles(source.getList(source.fieldIndex("h")));
        double[] y = new double[x.length + h.length - 1];
        reference.apply(Operation.CONVOLVE, Mode.FULL, Method.DIRECT, x, 0, x.length, h, 0, h.length, y, 0);
        assertThat(doubles(result.getList(kept.size()))).as("row %d y", e.getKey()).containsExactly(y);
      }
    }
  }

  @Test
  void signalAndTapsFromOneColumn_andOperandsCastFromIntegers() {
    Dataset<Row> input = spark.sql("select id, transform(sequence(1, cast(id % 20 + 1 as int)), i -> cast(i * id as int)) v,"
        + " 'tail' t from range(0, 40, 1, 2)");
    ConvolutionSpec same = ConvolutionSpec.builder().signalColumn("v").tapsColumn("v").outputColumn("y")
        .mode(Mode.FULL).method(Method.DIRECT).build();
    Dataset<Row> output = ConvolutionStage.apply(input, same).output();
    assertPlannedWithoutCopy(output);
    RowConvolver reference = new RowConvolver();
    for (Row row : output.collectAsList()) {
      List<Integer> v = row.getList(1);
      assertThat(row.getString(2)).isEqualTo("tail");
      double[] x = v.stream().mapToDouble(Integer::doubleValue).toArray();
      double[] y = new double[2 * x.length - 1];
      reference.apply(Operation.CONVOLVE, Mode.FULL, Method.DIRECT, x, 0, x.length, x, 0, x.length, y, 0);
      assertThat(doubles(row.getList(3))).containsExactly(y);
    }
  }

  @Test
  void singlePrecision_keepsTheFloatOperands() {
    Dataset<Row> input = spark.sql("select id, transform(sequence(1, cast(id % 7 + 1 as int)), i -> cast(i * 0.5 + id"
        + " as float)) x, array(cast(1 as float), cast(-0.5 as float), cast(0.25 as float)) h, id * 2 after"
        + " from range(0, 30, 1, 2)");
    ConvolutionSpec spec = ConvolutionSpec.builder().signalColumn("x").tapsColumn("h").outputColumn("y")
        .mode(Mode.SAME).method(Method.DIRECT).precision(ConvolutionSpec.Precision.SINGLE).build();
    Dataset<Row> output = ConvolutionStage.apply(input, spec).output();
    assertPlannedWithoutCopy(output);
    SinglePrecisionConvolver reference = new SinglePrecisionConvolver();
    for (Row row : output.collectAsList()) {
      List<Float> xs = row.getList(1);
      float[] x = new float[xs.size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = xs.get(i);
      }
      float[] h = {1f, -0.5f, 0.25f};
      float[] y = new float[x.length];
      reference.apply(Operation.CONVOLVE, Mode.SAME, Method.DIRECT, x, 0, x.length, h, 0, 3, y, 0);
      assertThat(row.getLong(3)).isEqualTo(row.getLong(0) * 2);
      List<Float> actual = row.getList(4);
      assertThat(actual).hasSize(y.length);
      for (int i = 0; i < y.length; i++) {
        assertThat(actual.get(i)).isEqualTo(y[i]);
      }
    }
  }

  @Test
  void selfJoinAndCache_sameRowsOnce_andTwoScansOfOneRddAreTheSameResult() {
    Dataset<Row> input = spark.sql("select id, transform(sequence(0, cast(id % 30 as int)), i -> i * 0.5) x,"
        + " array(1.0, -1.0) h from range(0, 200, 1, 2)");
    ConvolutionSpec spec = ConvolutionSpec.builder().signalColumn("x").tapsColumn("h").outputColumn("y")
        .mode(Mode.SAME).method(Method.DIRECT).build();
    Dataset<Row> output = ConvolutionStage.apply(input, spec).output();
    Dataset<Row> joined = output.as("a").join(output.as("b"), "id");
    assertThat(joined.count()).isEqualTo(200);
    assertThat(joined.filter("a.y = b.y").count()).isEqualTo(200);
    Dataset<Row> cached = output.cache();
    try {
      assertThat(cached.count()).isEqualTo(200);
      assertThat(cached.filter("size(y) = size(x)").count()).isEqualTo(200);
    } finally {
      cached.unpersist();
    }
    SparkPlan plan = ((org.apache.spark.sql.classic.Dataset<Row>) output).queryExecution().executedPlan();
    ExactRowsScan.Exec scan = (ExactRowsScan.Exec) plan.collectLeaves().head();
    ExactRowsScan.Exec again = new ExactRowsScan.Exec(scan.output(), scan.doExecute());
    assertThat(again.sameResult(scan)).isTrue();
    assertThat(again).isEqualTo(scan).hasSameHashCodeAs(scan);
  }

  private static void assertPlannedWithoutCopy(Dataset<Row> output) {
    String plan = ((org.apache.spark.sql.classic.Dataset<Row>) output).queryExecution().executedPlan().toString();
    assertThat(plan).contains("RowconvExactRowsScan").doesNotContain("Scan ExistingRDD");
  }

  private static Map<Long, Row> byId(Dataset<Row> rows) {
    Map<Long, Row> byId = new HashMap<>();
    for (Row row : rows.collectAsList()) {
      byId.put(row.getLong(0), row);
    }
    return byId;
  }

  private static double[] doubles(List<?> values) {
    return values.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
  }
}
