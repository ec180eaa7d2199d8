package io.rowconv.spark.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.apache.spark.sql.functions.col;

import io.rowconv.kernel.Method;
import io.rowconv.kernel.Mode;
import io.rowconv.kernel.Operation;
import io.rowconv.kernel.Reference;
import io.rowconv.spark.JavaArrays;
import io.rowconv.spark.SparkTestBase;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * rowconv's SQL functions in Spark SQL as users write it, results against the independent reference: every
 * mode and operation, every numeric element type, k > n; in WHERE, a join with a taps table, transform over an
 * array of filters, GROUP BY, a view and a cached table; nulls, ANSI and non-ANSI bad input, constant
 * arguments, and rowconv_check splitting rows as the job does.
 */
class SqlFunctionsTest extends SparkTestBase {

  @BeforeAll
  static void tables() {
    spark.sql("select id, transform(sequence(0, cast(id % 37 + 1 as int)), i -> sin(i * 0.3 + id)) x, "
        + "transform(sequence(0, cast(id % 11 as int) + if(id % 9 = 0, 60, 0)), i -> cos(i + id)) h, "
        + "cast(id % 4 as int) filter_id from range(60)").createOrReplaceTempView("signals");
    spark.sql("select cast(id as int) filter_id, transform(sequence(0, cast(id * 3 as int)), i -> 1.0d / (i + 1)) "
        + "taps from range(4)").createOrReplaceTempView("taps");
  }

  @AfterEach
  void ansiBackOn() {
    spark.conf().unset("spark.sql.ansi.enabled");
  }

  @Test
  void convolveAndCorrelate_everyModeAndMethod_matchTheReference() {
    for (Operation op : Operation.values()) {
      for (Mode mode : Mode.values()) {
        for (Method method : Method.values()) {
          String f = op == Operation.CONVOLVE ? "rowconv_convolve" : "rowconv_correlate";
          List<Row> rows = spark.sql("select x, h, " + f + "(x, h, '" + mode.cliName() + "', '"
              + method.cliName() + "') y from signals").collectAsList();
          assertThat(rows).hasSize(60);
          for (Row row : rows) {
            Reference.assertWithinMethodContract(op + " " + mode + " " + method, method, op, mode,
                JavaArrays.doubles(row.getList(0)), JavaArrays.doubles(row.getList(1)),
                JavaArrays.doubles(row.getList(2)));
          }
        }
      }
    }
  }

  @Test
  void everyNumericElementType_isCastToDouble_andTheDefaultsAreSameAndAuto() {
    for (String type : List.of("tinyint", "smallint", "int", "bigint", "float", "double", "decimal(12,3)")) {
      Row row = spark.sql("select rowconv_convolve(cast(array(1, 2, 3, 4, 5) as array<" + type + ">), "
          + "cast(array(2, 1) as array<" + type + ">)) y").first();
      assertThat(JavaArrays.doubles(row.getList(0))).as(type).containsExactly(2, 5, 8, 11, 14);
    }
    // k > n: mode same keeps the signal's length, as scipy does
    assertThat(JavaArrays.doubles(spark.sql("select rowconv_convolve(array(1d, 2d), array(1d, 1d, 1d, 1d))")
        .first().getList(0))).containsExactly(3, 3);
    assertThat(JavaArrays.doubles(spark.sql("select rowconv_convolve(array(0,0,1,0,0,2,0,0,0), array(0,1,2,0), "
        + "'causal')").first().getList(0))).containsExactly(0, 0, 0, 1, 2, 0, 2, 4, 0);
  }

  @Test
  void inWhereJoinTransformGroupByViewAndCache() {
    // WHERE
    assertThat(spark.sql("select id from signals where size(rowconv_convolve(x, h, 'valid')) >= 30").count())
        .isEqualTo(spark.sql("select id from signals where abs(size(x) - size(h)) + 1 >= 30").count());
    // a join with a taps table
    List<Row> joined = spark.sql("select x, taps, rowconv_convolve(x, taps, 'full') y from signals "
        + "join taps using (filter_id)").collectAsList();
    assertThat(joined).hasSize(60);
    for (Row row : joined) {
      Reference.assertWithinMethodContract("join", Method.AUTO, Operation.CONVOLVE, Mode.FULL,
          JavaArrays.doubles(row.getList(0)), JavaArrays.doubles(row.getList(1)), JavaArrays.doubles(row.getList(2)));
    }
    // a bank of filters through transform
    Row bank = spark.sql("select x, filters, transform(filters, f -> rowconv_correlate(x, f)) ys from "
        + "(select x, (select collect_list(taps) from taps) filters from signals where id = 7)").first();
    List<Object> filters = bank.getList(1);
    List<Object> ys = bank.getList(2);
    assertThat(ys).hasSize(4);
    for (int f = 0; f < 4; f++) {
      Reference.assertWithinMethodContract("filter " + f, Method.AUTO, Operation.CORRELATE, Mode.SAME,
          JavaArrays.doubles(bank.getList(0)), JavaArrays.doubles(filters.get(f)), JavaArrays.doubles(ys.get(f)));
    }
    // GROUP BY on results
    List<Row> groups = spark.sql("select filter_id, sum(aggregate(rowconv_convolve(x, h), 0d, (a, v) -> a + v)) s "
        + "from signals group by filter_id order by filter_id").collectAsList();
    assertThat(groups).hasSize(4);
    for (Row group : groups) {
      double expected = 0;
      for (Row row : spark.sql("select x, h from signals where filter_id = " + group.getInt(0)).collectAsList()) {
        for (double v : Reference.compute(Operation.CONVOLVE, JavaArrays.doubles(row.getList(0)),
            JavaArrays.doubles(row.getList(1)), Mode.SAME)) {
          expected += v;
        }
      }
      assertThat(group.getDouble(1)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
    }
    // a view and a cached table
    spark.sql("create or replace temp view convolved as select id, rowconv_convolve(x, h, 'full') y from signals");
    spark.sql("cache table cached_convolved as select id, rowconv_convolve(x, h, 'full') y from signals");
    try {
      assertThat(spark.sql("select id, y from convolved except all select id, y from cached_convolved").count())
          .isZero();
      assertThat(spark.table("cached_convolved").count()).isEqualTo(60);
    } finally {
      spark.sql("uncache table cached_convolved");
    }
  }

  @Test
  void nullsGiveNull_nonFiniteValuesPropagateAsScipysDirectMethod() {
    Row row = spark.sql("select rowconv_convolve(null, array(1d)), rowconv_convolve(array(1d), cast(null as "
        + "array<double>)), rowconv_convolve(array(0d, 1d, double('NaN'), 0d, 0d, 0d), array(1d, 2d), 'full')")
        .first();
    assertThat(row.isNullAt(0)).isTrue();
    assertThat(row.isNullAt(1)).isTrue();
    double[] y = JavaArrays.doubles(row.getList(2));
    for (int i = 0; i < y.length; i++) {
      assertThat(Double.isNaN(y[i])).as("sample %d", i).isEqualTo(i == 2 || i == 3);
    }
  }

  @Test
  void badRows_failUnderAnsi_namingFunctionArgumentAndProblem_andGiveNullOtherwise() {
    assertThatThrownBy(() -> spark.sql("select rowconv_convolve(array(1d), cast(array() as array<double>))")
        .collect())
        .hasMessageContaining("rowconv_convolve: 2nd argument (h, the taps): array is empty (scipy raises on empty "
            + "input) [empty_array; with spark.sql.ansi.enabled=false such rows give null");
    assertThatThrownBy(() -> spark.sql("select rowconv_correlate(array(1d, null, 3d), array(1d))").collect())
        .hasMessageContaining("rowconv_correlate: 1st argument (x, the signal): element 1 is null [null_element");
    spark.conf().set("spark.sql.ansi.enabled", "false");
    Row row = spark.sql("select rowconv_convolve(array(1d), cast(array() as array<double>)), "
        + "rowconv_correlate(array(1d, null, 3d), array(1d))").first();
    assertThat(row.isNullAt(0)).isTrue();
    assertThat(row.isNullAt(1)).isTrue();
  }

  @Test
  void modeAndMethodMustBeConstant_andArgumentsCounted_atAnalysis() {
    assertThatThrownBy(() -> spark.sql("select rowconv_convolve(x, h, if(id % 2 = 0, 'full', 'same')) from signals"))
        .hasMessageContaining("rowconv_convolve: the mode (3rd argument) must be a constant, such as a string "
            + "literal, not");
    assertThatThrownBy(() -> spark.sql("select rowconv_convolve(x, h, 'middle') from signals"))
        .hasMessageContaining("rowconv_convolve: the mode (3rd argument): Unknown mode 'middle': expected one of "
            + "full, same, valid, causal");
    assertThatThrownBy(() -> spark.sql("select rowconv_correlate(x, h, 'same', 'winograd') from signals"))
        .hasMessageContaining("the method (4th argument): Unknown method 'winograd'");
    assertThatThrownBy(() -> spark.sql("select rowconv_convolve(x) from signals"))
        .hasMessageContaining("rowconv_convolve takes 2 to 4 arguments, (x, h [, mode [, method]]), not 1");
    assertThatThrownBy(() -> spark.sql("select rowconv_convolve(x, 'abc') from signals"))
        .hasMessageContaining("rowconv_convolve");
  }

  @Test
  void check_givesTheJobsReasons_andSplitsRowsAsTheJobDoes() {
    spark.sql("select * from values (1, array(1d, 2d), array(1d)), (2, null, array(1d)), "
        + "(3, array(1d), array()), (4, array(1d, null), array(1d)), (5, array(1d, double('Infinity')), array(1d)), "
        + "(6, array(1e308d, -1e308d, 1e308d), array(2d, 2d)), (7, array(1e300d, 1e300d), array(1e7d, 1d)) "
        + "as t(id, signal, taps)").createOrReplaceTempView("bad");
    List<Row> checked = spark.sql("select id, rowconv_check(signal, taps) c from bad order by id").collectAsList();
    assertThat(checked.get(0).isNullAt(1)).isTrue();
    assertThat(checked.get(1).getStruct(1).toString()).isEqualTo("[null_array,signal: value is null]");
    assertThat(checked.get(2).getStruct(1).getString(0)).isEqualTo("empty_array");
    assertThat(checked.get(3).getStruct(1).toString()).isEqualTo("[null_element,signal: element 1 is null]");
    assertThat(checked.get(4).getStruct(1).getString(1)).startsWith("signal: element 1 is Infinity (use --non-finite");
    assertThat(checked.get(5).getStruct(1).getString(0)).isEqualTo("non_finite_result");
    assertThat(checked.get(6).isNullAt(1)).as("large values whose result is finite").isTrue();
    assertThat(spark.sql("select id from bad where rowconv_check(signal, taps) is null").collectAsList())
        .extracting(r -> r.getInt(0)).containsExactlyInAnyOrder(1, 7);
  }

  @Test
  void float32Variant_computesInSinglePrecision_andTheColumnApiCallsTheFunctions() {
    Row row = spark.sql("select rowconv_convolve_f32(cast(array(1, 2, 3) as array<float>), "
        + "cast(array(0.5, 0.5) as array<float>), 'full') y").first();
    assertThat(row.schema().apply("y").dataType().simpleString()).isEqualTo("array<float>");
    assertThat(JavaArrays.floats(row.getList(0))).containsExactly(0.5f, 1.5f, 2.5f, 1.5f);

    Dataset<Row> signals = spark.table("signals");
    List<Row> viaColumns = signals.select(col("x"), col("h"), RowconvFunctions.correlate(col("x"), col("h"), "valid"),
        RowconvFunctions.check(col("x"), col("h"))).collectAsList();
    for (Row r : viaColumns) {
      Reference.assertWithinMethodContract("column api", Method.AUTO, Operation.CORRELATE, Mode.VALID,
          JavaArrays.doubles(r.getList(0)), JavaArrays.doubles(r.getList(1)), JavaArrays.doubles(r.getList(2)));
      assertThat(r.isNullAt(3)).isTrue();
    }
    assertThat(spark.sql("describe function rowconv_convolve").collectAsList().toString())
        .contains("rowconv_convolve(x, h [, mode [, method]])");
  }
}
