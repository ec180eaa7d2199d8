package io.rowconv.spark.arrowparquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rowconv.spark.SparkTestBase;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The arrow-parquet sink: standard Parquet back through Spark's reader, Spark's commit protocol, write modes. */
class ArrowParquetSourceTest extends SparkTestBase {

  private static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("name", DataTypes.StringType, true)
      .add("amount", DataTypes.createDecimalType(12, 3), true)
      .add("day", DataTypes.DateType, true)
      .add("at", DataTypes.TimestampType, true)
      .add("values", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
      .add("maybe", DataTypes.createArrayType(DataTypes.DoubleType, true), true)
      .add("tags", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType), true)
      .add("point", new StructType().add("x", DataTypes.FloatType).add("y", DataTypes.ShortType), true);

  private static Dataset<Row> rows(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double[] values = new double[1 + random.nextInt(300)];
      for (int t = 0; t < values.length; t++) {
        values[t] = random.nextDouble() * 2 - 1;
      }
      boolean sparse = i % 5 == 0;
      rows.add(RowFactory.create(seed * 1_000_000 + i,
          sparse ? null : "row " + i + " é",
          sparse ? null : new BigDecimal(random.nextInt(1_000_000)).movePointLeft(3),
          sparse ? null : Date.valueOf("2026-11-" + (1 + i % 28)),
          sparse ? null : new Timestamp(1_700_000_000_000L + i * 1000L),
          scala.Predef.wrapDoubleArray(values).toSeq(),
          sparse ? null : scala.jdk.javaapi.CollectionConverters.asScala(java.util.Arrays.asList(1.5, null, -2.0)).toSeq(),
          sparse ? null : scala.jdk.javaapi.CollectionConverters.asScala(Map.of("a", i, "b", -i)),
          sparse ? null : RowFactory.create((float) i / 3, (short) i)));
    }
    return spark.createDataFrame(rows, SCHEMA).repartition(3);
  }

  /** Set operations refuse maps: compare them as sorted entry arrays. */
  private static Dataset<Row> comparable(Dataset<Row> rows) {
    return rows.withColumn("tags", functions.array_sort(functions.map_entries(functions.col("tags"))));
  }

  private static String path(String name) {
    return tempDir.resolve(name).toString();
  }

  private static List<Path> dataFiles(String dir) throws IOException {
    try (Stream<Path> files = Files.list(Path.of(dir))) {
      return files.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList();
    }
  }

  @Test
  void write_everyType_readsBackIdenticalThroughSparksParquetReader() throws IOException {
    Dataset<Row> data = rows(200, 1);
    String out = path("all-types");
    data.write().format("arrow-parquet").option("batchBytes", "20000").mode("append").save(out);
    assertThat(Files.exists(Path.of(out, "_SUCCESS"))).isTrue();
    assertThat(Files.exists(Path.of(out, "_temporary"))).as("staging removed at job commit").isFalse();
    assertThat(dataFiles(out).size()).as("small batches: several files per task").isGreaterThan(3);
    Dataset<Row> back = spark.read().parquet(out);
    assertThat(back.count()).isEqualTo(200);
    assertThat(comparable(back).exceptAll(comparable(data)).count()).isZero();
    assertThat(comparable(data).exceptAll(comparable(back)).count()).isZero();
    assertThat(back.schema()).isEqualTo(data.schema().asNullable());
  }

  /** A long row after a short first one is checked against the batch size at once, not at the 16th row. */
  @Test
  void longRowsAfterAShortFirstRow_closeTheBatchAtOnce() throws IOException {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      double[] values = new double[i == 0 ? 10 : 2000]; // 16 KB rows, batches of 20,000 bytes
      java.util.Arrays.fill(values, i);
      rows.add(RowFactory.create((long) i, scala.Predef.wrapDoubleArray(values).toSeq()));
    }
    StructType schema = new StructType().add("id", DataTypes.LongType, false)
        .add("values", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
    Dataset<Row> data = spark.createDataFrame(rows, schema).repartition(1);
    String out = path("long-rows");
    data.write().format("arrow-parquet").option("batchBytes", "20000").mode("append").save(out);
    assertThat(dataFiles(out).size()).as("one file per two long rows, not one for all").isGreaterThanOrEqualTo(3);
    Dataset<Row> back = spark.read().parquet(out);
    assertThat(back.exceptAll(data).count()).isZero();
    assertThat(data.exceptAll(back).count()).isZero();
  }

  @Test
  void overwrite_replacesPreviousRows_appendAddsThem() {
    String out = path("modes");
    rows(50, 2).write().format("arrow-parquet").mode("append").save(out);
    rows(30, 3).write().format("arrow-parquet").mode("append").save(out);
    assertThat(spark.read().parquet(out).count()).isEqualTo(80);
    rows(20, 4).write().format("arrow-parquet").mode("overwrite").save(out);
    Dataset<Row> back = spark.read().parquet(out);
    assertThat(back.count()).isEqualTo(20);
    assertThat(comparable(back).exceptAll(comparable(rows(20, 4))).count()).isZero();
  }

  @Test
  void failedTask_abortsTheJobAndCommitsNothing() throws IOException {
    String out = path("failed");
    UDF1<Long, Long> failOnRow = id -> {
      if (id == 5_000_037L) {
        throw new IllegalStateException("boom on row 37");
      }
      return id;
    };
    Dataset<Row> failing = rows(100, 5).withColumn("id",
        functions.udf(failOnRow, DataTypes.LongType).apply(functions.col("id")));
    assertThatThrownBy(() -> failing.write().format("arrow-parquet").mode("append").save(out))
        .hasStackTraceContaining("boom on row 37");
    assertThat(Files.exists(Path.of(out, "_SUCCESS"))).isFalse();
    if (Files.exists(Path.of(out))) {
      assertThat(dataFiles(out)).as("no committed data files").isEmpty();
    }
  }

  @Test
  void compressionOtherThanNone_isRefused() {
    assertThatThrownBy(() -> rows(3, 6).write().format("arrow-parquet").option("compression", "snappy")
        .mode("append").save(path("snappy")))
        .hasStackTraceContaining("writes uncompressed Parquet only");
  }
}
