package io.rowconv.spark.sql;

import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A user's program on Spark's own Spark Connect JVM client ({@code spark-connect-client-jvm}): it calls rowconv's
 * functions by name on a Spark Connect server, as PySpark over Connect does, and prints what it got, one line
 * per result, {@code name TAB value} (arrays as {@code [a, b, ...]}, a failed call as {@code ERROR class:
 * message} on one line). It checks nothing itself: {@link SparkConnectTest} runs it in a JVM of its own and
 * checks every line against the reference.
 *
 * <p>It uses Spark's API only ({@code SparkSession}, {@code Dataset}, {@code Row}, {@code functions}), which the
 * client carries, plus {@link RowconvFunctions} (those {@code call_function}s under Java names) for the one call
 * that shows them working over Connect. The server's session has rowconv's extensions; this JVM has no classic
 * Spark.
 *
 * <p>Usage: {@code ConnectClientMain sc://host:port}.
 */
public final class ConnectClientMain {

  private ConnectClientMain() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().remote(args[0]).getOrCreate();
    try {
      print("session", spark.getClass().getName());
      sql(spark);
      dataFrame(spark);
      check(spark);
      refused(spark);
    } finally {
      spark.stop();
    }
  }

  /** Through SQL: the worked example in every mode, and the single-precision variant. */
  private static void sql(SparkSession spark) {
    attempt("sql", () -> {
      Row row = spark.sql("select rowconv_convolve(x, h, 'full'), rowconv_convolve(x, h, 'same'), "
          + "rowconv_convolve(x, h, 'valid'), rowconv_correlate(x, h) "
          + "from values (array(0, 0, 1, 0, 0, 2, 0, 0, 0), array(0, 1, 2, 0)) as t(x, h)").first();
      print("sql.full", row.getList(0));
      print("sql.same", row.getList(1));
      print("sql.valid", row.getList(2));
      print("sql.correlate", row.getList(3));
      return null;
    });
    attempt("sql.f32", () -> {
      Dataset<Row> f32 = spark.sql("select rowconv_convolve_f32(cast(array(1, 2, 3) as array<float>), "
          + "cast(array(0.5, 0.5) as array<float>), 'full') y");
      print("sql.f32.type", f32.schema().apply("y").dataType().simpleString());
      print("sql.f32", f32.first().getList(0));
      return null;
    });
    attempt("sql.bank", () -> {
      // a bank of two filters: one result per filter, in filter order
      Row row = spark.sql("select rowconv_convolve(array(1, 2, 3), array(array(1, 1), array(0, 1, 0)), 'full')")
          .first();
      print("sql.bank", nested(row.getList(0)));
      return null;
    });
    attempt("sql.2d", () -> {
      Row row = spark.sql("select rowconv_convolve2d(array(array(1, 2), array(3, 4)), array(array(1, 1)), 'full'),"
          + " rowconv_correlate2d(array(array(1, 2, 3), array(4, 5, 6)), array(array(1, 0), array(0, 2)), 'same',"
          + " 'wrap')").first();
      print("sql.2d.full", nested(row.getList(0)));
      print("sql.2d.correlate_same_wrap", nested(row.getList(1)));
      return null;
    });
  }

  /**
   * On a DataFrame built here, from the client's own rows: call_function with and without mode and method,
   * {@code expr}, and {@link RowconvFunctions}. Prints each row's operands as the server returned them, so that
   * the test computes its reference from exactly those.
   */
  private static void dataFrame(SparkSession spark) {
    attempt("df", () -> {
      List<Row> out = signals(spark).select(col("id"), col("x"), col("h"),
          call_function("rowconv_convolve", col("x"), col("h")),
          call_function("rowconv_correlate", col("x"), col("h"), lit("full"), lit("fft")),
          expr("rowconv_convolve(x, h, 'full')"),
          RowconvFunctions.convolve(col("x"), col("h"), "valid"))
          .orderBy("id").collectAsList();
      print("df.rows", out.size());
      for (Row row : out) {
        String at = "df." + row.getInt(0);
        print(at + ".x", row.getList(1));
        print(at + ".h", row.getList(2));
        print(at + ".convolve_same", row.getList(3));
        print(at + ".correlate_full_fft", row.getList(4));
        print(at + ".expr_full", row.getList(5));
        print(at + ".valid", row.getList(6));
      }
      return null;
    });
  }

  /** rowconv_check on the client's rows, good and bad, and as a filter. */
  private static void check(SparkSession spark) {
    attempt("check", () -> {
      StructType schema = new StructType().add("id", DataTypes.IntegerType)
          .add("x", DataTypes.createArrayType(DataTypes.DoubleType, true))
          .add("h", DataTypes.createArrayType(DataTypes.DoubleType, true));
      Dataset<Row> rows = spark.createDataFrame(List.of(
          RowFactory.create(1, new Double[] {1.0, 2.0, 3.0}, new Double[] {1.0, 1.0}),
          RowFactory.create(2, null, new Double[] {1.0}),
          RowFactory.create(3, new Double[] {1.0}, new Double[] {}),
          RowFactory.create(4, new Double[] {1.0, null, 3.0}, new Double[] {1.0}),
          RowFactory.create(5, new Double[] {1.0, Double.POSITIVE_INFINITY}, new Double[] {1.0})), schema);
      for (Row row : rows.select(col("id"), call_function("rowconv_check", col("x"), col("h")))
          .orderBy("id").collectAsList()) {
        print("check." + row.getInt(0), row.isNullAt(1) ? "null"
            : row.getStruct(1).getString(0) + " | " + row.getStruct(1).getString(1));
      }
      List<Integer> good = new ArrayList<>();
      for (Row row : rows.where(call_function("rowconv_check", col("x"), col("h")).isNull()).select("id")
          .collectAsList()) {
        good.add(row.getInt(0));
      }
      print("check.good_ids", good);
      return null;
    });
  }

  /** Calls the server refuses, at analysis and at run time, and the same bad row once ANSI mode is off. */
  private static void refused(SparkSession spark) {
    attempt("refused.mode_column", () -> signals(spark)
        .select(call_function("rowconv_convolve", col("x"), col("h"),
            when(col("id").equalTo(1), lit("full")).otherwise(lit("same"))))
        .collectAsList());
    attempt("refused.unknown_mode", () -> spark.sql("select rowconv_convolve(array(1d), array(1d), 'middle')")
        .collectAsList());
    String emptyTaps = "select rowconv_convolve(array(1d, 2d), cast(array() as array<double>)) y";
    attempt("refused.empty_ansi", () -> spark.sql(emptyTaps).collectAsList());
    attempt("ansi_off.empty", () -> {
      spark.conf().set("spark.sql.ansi.enabled", "false");
      Row row = spark.sql(emptyTaps).first();
      print("ansi_off.empty", row.isNullAt(0) ? "null" : row.getList(0));
      return null;
    });
  }

  /** A few signals of several lengths, one shorter than its filter (scipy's mode same keeps the signal's). */
  private static Dataset<Row> signals(SparkSession spark) {
    StructType schema = new StructType().add("id", DataTypes.IntegerType)
        .add("x", DataTypes.createArrayType(DataTypes.DoubleType, false))
        .add("h", DataTypes.createArrayType(DataTypes.DoubleType, false));
    List<Row> rows = new ArrayList<>();
    int[][] shapes = {{3, 6}, {9, 4}, {40, 7}, {97, 16}, {256, 33}, {1000, 5}};
    for (int id = 0; id < shapes.length; id++) {
      double[] x = new double[shapes[id][0]];
      double[] h = new double[shapes[id][1]];
      for (int i = 0; i < x.length; i++) {
        x[i] = Math.sin(0.37 * i + id) + 0.25 * Math.cos(3.1 * i);
      }
      for (int j = 0; j < h.length; j++) {
        h[j] = Math.cos(0.5 * j + id) / (j + 1);
      }
      rows.add(RowFactory.create(id, x, h));
    }
    return spark.createDataFrame(rows, schema);
  }

  /** Runs one call; prints {@code name TAB ERROR class: message} if it throws (the message on one line). */
  private static void attempt(String name, Callable<?> call) {
    try {
      call.call();
    } catch (Exception e) {
      print(name, "ERROR " + e.getClass().getName() + ": " + e.getMessage());
    }
  }

  /** An array of arrays as the client received it (inner arrays are Scala sequences), as {@code [[a, b], [c]]}. */
  private static String nested(List<?> outer) {
    List<String> inner = new ArrayList<>();
    for (Object element : outer) {
      List<?> values = element instanceof scala.collection.Seq<?> seq
          ? scala.jdk.javaapi.CollectionConverters.asJava(seq) : (List<?>) element;
      inner.add(Arrays.toString(values.toArray()));
    }
    return inner.toString();
  }

  private static void print(String name, Object value) {
    String text = value instanceof List<?> list ? Arrays.toString(list.toArray()) : String.valueOf(value);
    System.out.println(name + "\t" + text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r"));
  }
}
