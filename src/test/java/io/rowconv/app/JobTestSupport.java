package io.rowconv.app;

import io.rowconv.spark.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Runs the command line against the shared test session and captures what it prints. */
abstract class JobTestSupport extends SparkTestBase {

  static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("part", DataTypes.StringType, true)
      .add("signal", DataTypes.createArrayType(DataTypes.DoubleType, true), true)
      .add("taps", DataTypes.createArrayType(DataTypes.DoubleType, true), true);

  /** The outcome of one command-line run. */
  record Outcome(ExitCode code, String out, String err) {}

  static Outcome run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ExitCode code = RowconvMain.execute(args, () -> spark, false,
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static String path(String name) {
    return tempDir.resolve(name).toString();
  }

  static String write(List<Row> rows, String name, int partitions) {
    String p = path(name);
    spark.createDataFrame(rows, SCHEMA).repartition(partitions).write().mode("overwrite").parquet(p);
    return p;
  }

  static Map<Long, Row> byId(Dataset<Row> rows) {
    Map<Long, Row> map = new HashMap<>();
    for (Row row : rows.collectAsList()) {
      Row previous = map.put(row.getLong(row.fieldIndex("id")), row);
      if (previous != null) {
        throw new AssertionError("id " + row.getLong(row.fieldIndex("id")) + " appears twice");
      }
    }
    return map;
  }

  static boolean exists(String dir, String file) {
    return Files.exists(Path.of(dir, file));
  }

  static String readSummary(String dir) throws java.io.IOException {
    return Files.readString(Path.of(dir, OutputFolder.SUMMARY));
  }

  static List<Long> ids(Dataset<Row> rows) {
    List<Long> ids = new ArrayList<>();
    for (Row row : rows.select("id").collectAsList()) {
      ids.add(row.getLong(0));
    }
    ids.sort(null);
    return ids;
  }

  static scala.collection.Seq<Double> seq(Double... values) {
    return scala.jdk.javaapi.CollectionConverters.asScala(Arrays.asList(values)).toSeq();
  }

  static double[] doubles(List<?> values) {
    double[] a = new double[values.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = ((Number) values.get(i)).doubleValue();
    }
    return a;
  }
}
