package io.rowconv.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rowconv.spark.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The driver-side schema must be exactly the one Spark infers (names, types, nullability, metadata) and the
 * rows read with it the same; where it does not apply it must step aside, and it must save Spark's job.
 */
class ParquetInputSchemaTest extends SparkTestBase {

  /** Every column type rowconv may carry through, nested ones included, some declared NOT NULL. */
  private static final String EVERY_TYPE = "select id, cast(id as tinyint) b, cast(id as smallint) s, "
      + "cast(id as int) i, cast(id * 1.5 as float) f, id * 0.25 d, cast(id / 7 as decimal(10, 3)) dec_small, "
      + "cast(id * 1e12 as decimal(30, 5)) dec_big, concat('row ', id) str, cast(concat('b', id) as binary) bin, "
      + "id % 2 = 0 flag, date_add(date'2026-11-01', cast(id as int)) day, "
      + "timestamp'2026-11-25 10:00:00' + make_interval(0, 0, 0, 0, 0, 0, id) ts, "
      + "timestamp_ntz'2026-11-25 10:00:00' ts_ntz, array(id * 0.5, id * 1.5) signal, "
      + "array(cast(id as float), null) floats, array(array(cast(id as int)), array()) nested, "
      + "map('k', cast(id as int)) tags, named_struct('a', cast(id as int), 'b', concat('x', id)) st, "
      + "if(id % 3 = 0, null, id) maybe from range(0, 40, 1, 2)";

  private static String sparkWritten;
  private static String arrowWritten;

  @BeforeAll
  static void writeInputs() {
    Dataset<Row> rows = spark.sql(EVERY_TYPE);
    // NOT NULL columns in Spark's footer metadata (id, signal, ...), nullable ones elsewhere
    sparkWritten = path("spark-written");
    rows.write().parquet(sparkWritten);
    // a writer without Spark's schema in the footer: the Parquet schema is converted instead
    arrowWritten = path("arrow-written");
    rows.drop("ts_ntz").write().format("arrow-parquet").mode("append").save(arrowWritten);
  }

  private static String path(String name) {
    return tempDir.resolve(name).toString();
  }

  @Test
  void folderWrittenBySpark_sameSchemaAndRowsAsSparksInference() {
    assertSameAsSparksInference(sparkWritten);
  }

  @Test
  void folderWrittenWithoutSparksMetadata_sameSchemaAndRowsAsSparksInference() {
    assertSameAsSparksInference(arrowWritten);
  }

  @Test
  void singleFile_sameSchemaAsSparksInference() throws IOException {
    assertSameAsSparksInference(dataFiles(sparkWritten).get(0).toString());
  }

  @Test
  void conversionSettings_followTheSession() {
    String[][] settings = {
        {"spark.sql.parquet.binaryAsString", "true"},
        {"spark.sql.parquet.inferTimestampNTZ.enabled", "false"},
        {"spark.sql.parquet.int96AsTimestamp", "false"}};
    for (String[] setting : settings) {
      String before = spark.conf().get(setting[0], null);
      spark.conf().set(setting[0], setting[1]);
      try {
        assertSameAsSparksInference(arrowWritten);
        assertSameAsSparksInference(sparkWritten);
      } finally {
        if (before == null) {
          spark.conf().unset(setting[0]);
        } else {
          spark.conf().set(setting[0], before);
        }
      }
    }
  }

  @Test
  void filesWithDifferentSchemas_takesTheFirstInPathOrderAsSparkDoes() throws IOException {
    String wide = path("wide");
    spark.sql("select id, id * 2.0 extra from range(5)").coalesce(1).write().parquet(wide);
    String narrow = path("narrow");
    spark.sql("select id from range(5)").coalesce(1).write().parquet(narrow);
    for (String[] names : new String[][] {{"a.parquet", "b.parquet"}, {"b.parquet", "a.parquet"}}) {
      Path mixed = Files.createDirectories(tempDir.resolve("mixed-" + names[0]));
      Files.copy(dataFiles(wide).get(0), mixed.resolve(names[0]), StandardCopyOption.REPLACE_EXISTING);
      Files.copy(dataFiles(narrow).get(0), mixed.resolve(names[1]), StandardCopyOption.REPLACE_EXISTING);
      Files.writeString(mixed.resolve("_SUCCESS"), "");
      Files.writeString(mixed.resolve(".hidden.crc"), "not parquet");
      assertSameAsSparksInference(mixed.toString());
    }
  }

  @Test
  void inputsSparkMustList_stepAside() throws IOException {
    String partitioned = path("partitioned");
    spark.sql("select id, id % 2 part from range(10)").write().partitionBy("part").parquet(partitioned);
    assertThat(ParquetInputSchema.of(spark, partitioned)).as("partition folders").isEmpty();

    assertThat(ParquetInputSchema.of(spark, sparkWritten + "/*.parquet")).as("a glob").isEmpty();

    Path withSummary = Files.createDirectories(tempDir.resolve("with-summary"));
    Files.copy(dataFiles(sparkWritten).get(0), withSummary.resolve("part-0.parquet"));
    Files.copy(dataFiles(sparkWritten).get(0), withSummary.resolve("_common_metadata"));
    assertThat(ParquetInputSchema.of(spark, withSummary.toString())).as("a summary file").isEmpty();

    Path streamed = Files.createDirectories(tempDir.resolve("streamed/_spark_metadata"));
    Files.writeString(streamed.resolve("0"), "v1");
    Files.copy(dataFiles(sparkWritten).get(0), streamed.getParent().resolve("part-0.parquet"));
    assertThat(ParquetInputSchema.of(spark, streamed.getParent().toString()))
        .as("a streaming sink's log: Spark reads the committed files it lists").isEmpty();

    Path empty = Files.createDirectories(tempDir.resolve("empty"));
    assertThat(ParquetInputSchema.of(spark, empty.toString())).as("no data file").isEmpty();

    spark.conf().set("spark.sql.parquet.mergeSchema", "true");
    try {
      assertThat(ParquetInputSchema.of(spark, sparkWritten)).as("schema merging").isEmpty();
    } finally {
      spark.conf().unset("spark.sql.parquet.mergeSchema");
    }
    spark.conf().set("spark.sql.files.ignoreCorruptFiles", "true");
    try {
      assertThat(ParquetInputSchema.of(spark, sparkWritten)).as("corrupt files ignored").isEmpty();
    } finally {
      spark.conf().unset("spark.sql.files.ignoreCorruptFiles");
    }
  }

  @Test
  void charAndVarcharInTheFooter_stepAsideAndTheJobReadsTheInput() throws IOException {
    String varchar = path("varchar");
    spark.conf().set("spark.sql.preserveCharVarcharTypeInfo", "true");
    try {
      spark.sql("select id, cast(concat('v', id) as varchar(5)) v, cast('c' as char(3)) c from range(3)")
          .write().parquet(varchar);
    } finally {
      spark.conf().unset("spark.sql.preserveCharVarcharTypeInfo");
    }
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(dataFiles(varchar).get(0).toString());
    try (org.apache.parquet.hadoop.ParquetFileReader reader = org.apache.parquet.hadoop.ParquetFileReader.open(
        org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(file, new org.apache.hadoop.conf.Configuration()))) {
      assertThat(reader.getFooter().getFileMetaData().getKeyValueMetaData().get(
          "org.apache.spark.sql.parquet.row.metadata")).as("the footer keeps the types").contains("varchar(5)");
    }
    assertThat(ParquetInputSchema.of(spark, varchar)).isEmpty();
    // Spark infers it itself and reads the rows
    assertThat(spark.read().parquet(varchar).count()).isEqualTo(3);
  }

  @Test
  void unreadableFooter_stepsAsideAndSparkReportsIt() throws IOException {
    Path broken = Files.createDirectories(tempDir.resolve("broken"));
    Files.writeString(broken.resolve("part-0.parquet"), "this is not a Parquet file");
    assertThat(ParquetInputSchema.of(spark, broken.toString())).isEmpty();
    assertThatThrownBy(() -> spark.read().parquet(broken.toString()).schema())
        .hasStackTraceContaining("part-0.parquet");
  }

  @Test
  void readingWithTheSchema_startsNoSparkJob() {
    String group = "rowconv-schema-" + System.nanoTime();
    spark.sparkContext().setJobGroup(group, "schema", false);
    try {
      StructType schema = ParquetInputSchema.of(spark, sparkWritten).orElseThrow();
      spark.read().schema(schema).parquet(sparkWritten).schema();
      assertThat(spark.sparkContext().statusTracker().getJobIdsForGroup(group)).isEmpty();
      // while Spark's inference runs a job for it (so the check above can fail)
      spark.read().parquet(sparkWritten).schema();
      assertThat(spark.sparkContext().statusTracker().getJobIdsForGroup(group)).hasSize(1);
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }

  private static void assertSameAsSparksInference(String input) {
    Dataset<Row> inferred = spark.read().parquet(input);
    Optional<StructType> schema = ParquetInputSchema.of(spark, input);
    assertThat(schema).as("schema read on the driver for %s", input).isPresent();
    Dataset<Row> given = spark.read().schema(schema.get()).parquet(input);
    assertThat(given.schema()).isEqualTo(inferred.schema());
    assertThat(given.schema().json()).isEqualTo(inferred.schema().json()); // metadata included
    List<String> expected = inferred.toJSON().collectAsList().stream().sorted().toList();
    assertThat(given.toJSON().collectAsList().stream().sorted().toList()).isEqualTo(expected).isNotEmpty();
  }

  private static List<Path> dataFiles(String dir) throws IOException {
    try (Stream<Path> files = Files.list(Path.of(dir))) {
      return files.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
    }
  }
}
