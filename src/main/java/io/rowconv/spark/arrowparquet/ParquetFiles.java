package io.rowconv.spark.arrowparquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.arrow.dataset.file.DatasetFileWriter;
import org.apache.arrow.dataset.file.FileFormat;
import org.apache.arrow.dataset.jni.JniLoader;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.spark.SparkEnv;

/** Arrow's native Parquet writer, one file per batch, and the local scratch space it writes into. */
final class ParquetFiles {

  private static final long RELEASE_WAIT_MS = 5_000;
  static final String NATIVE_LIBRARY = "Arrow dataset";

  private ParquetFiles() {}

  /** Spark's local scratch folder on an executor (YARN/Kubernetes local dirs), else java.io.tmpdir. */
  static Path localRoot() {
    SparkEnv env = SparkEnv.get();
    if (env != null) {
      try {
        return Path.of(org.apache.spark.util.Utils.getLocalDir(env.conf()));
      } catch (RuntimeException e) {
        // fall through
      }
    }
    return Path.of(System.getProperty("java.io.tmpdir"));
  }

  /** Loads Arrow's dataset library (unpacked from its jar to a temporary file by every JVM); thread-safe. */
  static void loadNativeLibrary() {
    JniLoader.get().ensureLoaded();
  }

  /** Writes the rows of {@code batch} as one Parquet file (one row group) under {@code dir}; returns the file. */
  static Path write(BufferAllocator allocator, VectorSchemaRoot batch, Path dir, int index) throws IOException {
    Path folder = dir.resolve("batch-" + index);
    try (OneBatchReader reader = new OneBatchReader(allocator, batch)) {
      DatasetFileWriter.write(allocator, reader, FileFormat.PARQUET, folder.toUri().toString(), new String[0], 1,
          "part-{i}.parquet");
    }
    Path file = folder.resolve("part-0.parquet");
    if (!Files.isRegularFile(file)) {
      throw new IOException("Arrow's Parquet writer wrote no " + file);
    }
    return file;
  }

  /** Closes {@code allocator} once the native side has released the buffers it was handed. */
  static void closeAllocator(BufferAllocator allocator) {
    long deadline = System.currentTimeMillis() + RELEASE_WAIT_MS;
    while (allocator.getAllocatedMemory() > 0 && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    allocator.close();
  }

  static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir, e);
    }
  }

  /** Hands one filled {@link VectorSchemaRoot} to the native writer (which pulls batches from a reader). */
  private static final class OneBatchReader extends ArrowReader {
    private final VectorSchemaRoot source;
    private boolean done;

    OneBatchReader(BufferAllocator allocator, VectorSchemaRoot source) {
      super(allocator);
      this.source = source;
    }

    @Override
    public boolean loadNextBatch() throws IOException {
      if (done) {
        return false;
      }
      done = true;
      try (ArrowRecordBatch batch = new VectorUnloader(source).getRecordBatch()) {
        loadRecordBatch(batch);
      }
      return true;
    }

    @Override
    public long bytesRead() {
      return 0;
    }

    @Override
    protected void closeReadSource() {}

    @Override
    protected Schema readSchema() {
      return source.getSchema();
    }
  }
}
