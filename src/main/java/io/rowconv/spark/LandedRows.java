package io.rowconv.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The rows actually present in files a write committed, counted as cheaply as the format allows: Parquet
 * (which {@code arrow-parquet} writes too) and ORC from their footers, without reading any data; JSON and Avro
 * by reading the files back with Spark and counting. Other formats are not counted ({@link #countable}).
 */
public final class LandedRows {

  /** Files whose footers are read at once (on the driver: they are small reads, mostly waiting on storage). */
  private static final int FOOTER_THREADS = 8;

  private LandedRows() {}

  /** How the rows of {@code format} are counted, or null when they cannot be. */
  public static String countable(String format) {
    return switch (format.toLowerCase(Locale.ROOT)) {
      case "parquet", "arrow-parquet" -> "Parquet footers";
      case "orc" -> "ORC footers";
      case "json", "avro" -> "a read of the files";
      default -> null;
    };
  }

  /**
   * Rows in {@code files} (paths relative to {@code folder}) written in {@code format} with {@code schema}.
   *
   * @throws IllegalArgumentException for a format {@link #countable} refuses
   */
  public static long count(SparkSession spark, String format, Path folder, List<String> files, StructType schema) {
    if (files.isEmpty()) {
      return 0;
    }
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    switch (format.toLowerCase(Locale.ROOT)) {
      case "parquet", "arrow-parquet":
        return sumOverFiles(folder, files, file -> {
          try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, hadoop))) {
            return reader.getRecordCount();
          }
        });
      case "orc":
        return sumOverFiles(folder, files, file -> org.apache.orc.OrcFile.createReader(file,
            org.apache.orc.OrcFile.readerOptions(hadoop)).getNumberOfRows());
      case "json", "avro":
        String[] paths = files.stream().map(f -> new Path(folder, f).toString()).toArray(String[]::new);
        return spark.read().format(format).schema(schema).load(paths).count();
      default:
        throw new IllegalArgumentException("rows written as " + format + " cannot be counted");
    }
  }

  private interface RowsOfFile {
    long rows(Path file) throws IOException;
  }

  private static long sumOverFiles(Path folder, List<String> files, RowsOfFile rowsOf) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(FOOTER_THREADS, files.size()), task -> {
      Thread thread = new Thread(task, "rowconv footer read");
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<Long>> counts = new ArrayList<>();
      for (String file : files) {
        Path path = new Path(folder, file);
        counts.add(pool.submit(() -> rowsOf.rows(path)));
      }
      long total = 0;
      for (Future<Long> count : counts) {
        total += count.get();
      }
      return total;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while counting the rows written to " + folder, e);
    } catch (ExecutionException e) {
      throw new UncheckedIOException("cannot read the footer of a file written to " + folder,
          e.getCause() instanceof IOException io ? io : new IOException(e.getCause()));
    } finally {
      pool.shutdownNow();
    }
  }
}
