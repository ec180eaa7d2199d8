package io.rowconv.app;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapred.JobConf;
import org.apache.parquet.hadoop.Footer;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.util.CharVarcharUtils$;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat$;
import org.apache.spark.sql.execution.datasources.parquet.ParquetToSparkSchemaConverter;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.HadoopFSUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The schema Spark infers for a Parquet input, read on the driver for the inputs where that is simple: Spark
 * reads one file's footer for it too, but in a job of its own (0.37-0.41 s for the job, 0.4-0.6 s with its setup, on the reference
 * machine, more on a cluster where the task goes to an executor).
 *
 * <p>It applies on Spark 4.2 to a single Parquet file, or a folder of Parquet files with no sub-folders at all
 * (no partition columns, no streaming sink log), no summary files ({@code _metadata}, {@code _common_metadata})
 * and Spark's defaults for schema merging, corrupt and missing files and input path filters, when the schema
 * has no char/varchar column. The folder is listed once more than before (one listing call). Then Spark, with {@code mergeSchema} off, takes
 * the schema of the first data file in path order, and so does this, with Spark's own footer reader and
 * schema converter set up as Spark sets them. Anything else, and any failure (an unreadable footer, a
 * listing error), returns empty, and Spark infers the schema as always (and reports the problem in its words).
 */
final class ParquetInputSchema {

  private static final Logger LOG = LoggerFactory.getLogger(ParquetInputSchema.class);
  private static final String INPUT_PATH_FILTER = "mapreduce.input.pathFilter.class";
  private static final String SPARK_VERSION = "4.2.";

  private ParquetInputSchema() {}

  /** The data schema Spark would infer for {@code input} read as Parquet, or empty where this does not apply. */
  static Optional<StructType> of(SparkSession spark, String input) {
    if (!spark.version().startsWith(SPARK_VERSION)) {
      return Optional.empty(); // Spark's internals used below, and its inference, are those of 4.2
    }
    SQLConf conf = ((org.apache.spark.sql.classic.SparkSession) spark).sessionState().conf();
    if (conf.isParquetSchemaMergingEnabled() || conf.ignoreCorruptFiles() || conf.ignoreMissingFiles()
        || isGlob(input)) {
      return Optional.empty();
    }
    Configuration hadoop = ((org.apache.spark.sql.classic.SparkSession) spark).sessionState().newHadoopConf();
    if (new JobConf(hadoop).get(INPUT_PATH_FILTER) != null) {
      return Optional.empty();
    }
    try {
      Optional<FileStatus> first = firstDataFile(new Path(input), hadoop);
      if (first.isEmpty()) {
        return Optional.empty();
      }
      scala.collection.immutable.Seq<Footer> footers = ParquetFileFormat$.MODULE$.readParquetFootersInParallel(
          hadoop, CollectionConverters.asScala(List.of(first.get())).toSeq(), false, false);
      if (footers.size() != 1) {
        return Optional.empty();
      }
      StructType schema = ParquetFileFormat$.MODULE$.readSchemaFromFooter(footers.head(), converter(conf));
      // a given schema with char/varchar is refused by the reader (DataFrameReader.schema); inference copes
      return CharVarcharUtils$.MODULE$.hasCharVarchar(schema) ? Optional.empty() : Optional.of(schema);
    } catch (Exception | LinkageError e) { // Spark's own inference runs instead and reports the problem
      LOG.debug("reading the schema of {} on the driver failed; Spark infers it", input, e);
      return Optional.empty();
    }
  }

  /**
   * The file whose footer Spark reads: {@code path} itself, or the first data file of the folder in path
   * order. Empty when the folder holds a sub-folder or a summary file, or no data file.
   */
  static Optional<FileStatus> firstDataFile(Path path, Configuration hadoop) throws IOException {
    FileSystem fs = path.getFileSystem(hadoop);
    FileStatus status = fs.getFileStatus(path);
    if (!status.isDirectory()) {
      String name = path.getName();
      return status.isFile() && !isSummary(name) && !HadoopFSUtils.shouldFilterOutPathName(name)
          ? Optional.of(status) : Optional.empty();
    }
    List<FileStatus> data = new ArrayList<>();
    for (FileStatus child : fs.listStatus(path)) {
      String name = child.getPath().getName();
      if (!child.isFile() || isSummary(name)) {
        // sub-folders (partitions, nested data, a streaming sink's _spark_metadata log, leftovers of failed
        // writes), links and summary files: Spark's listing and inference decide
        return Optional.empty();
      }
      if (!HadoopFSUtils.shouldFilterOutPathName(name)) { // Spark's own rule for the names its listing skips
        data.add(child);
      }
    }
    return data.stream().min(Comparator.comparing(f -> f.getPath().toString()));
  }

  /** Spark's converter for schema inference (ParquetFileFormat.mergeSchemasInParallel, Spark 4.2). */
  private static ParquetToSparkSchemaConverter converter(SQLConf conf) {
    return new ParquetToSparkSchemaConverter(conf.isParquetBinaryAsString(), conf.isParquetINT96AsTimestamp(),
        ParquetToSparkSchemaConverter.$lessinit$greater$default$3(), conf.parquetInferTimestampNTZEnabled(),
        conf.legacyParquetNanosAsLong(), ParquetToSparkSchemaConverter.$lessinit$greater$default$6(),
        ParquetToSparkSchemaConverter.$lessinit$greater$default$7(), conf.parquetReaderRespectUnknownTypeAnnotation());
  }

  private static boolean isGlob(String path) {
    return path.chars().anyMatch(c -> "{}[]*?\\".indexOf(c) >= 0);
  }

  private static boolean isSummary(String name) {
    return name.startsWith(ParquetFileWriter.PARQUET_METADATA_FILE)
        || name.startsWith(ParquetFileWriter.PARQUET_COMMON_METADATA_FILE);
  }
}
