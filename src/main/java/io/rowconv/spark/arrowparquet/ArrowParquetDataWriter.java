package io.rowconv.spark.arrowparquet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import io.rowconv.spark.NativeLoads;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.spark.internal.io.FileCommitProtocol;
import org.apache.spark.internal.io.FileNameSpec;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.WriterCommitMessage;
import org.apache.spark.sql.execution.arrow.ArrowFieldWriter;
import org.apache.spark.sql.execution.arrow.ArrowWriter;
import org.apache.spark.sql.execution.arrow.ArrowWriter$;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.ArrowUtils;
import scala.Option;

/**
 * One task attempt of an {@code arrow-parquet} write: buffers rows into Arrow vectors (off-heap; Spark's own
 * field writers, except {@link DoubleListWriter} for {@code array<double>} columns) and, every {@code batchBytes}, writes them as one Parquet file with Arrow's
 * native writer into a local folder, then moves the file to the task attempt's path from the commit protocol.
 * Commit and abort go through the same protocol.
 */
final class ArrowParquetDataWriter implements DataWriter<InternalRow> {

  /** What a committed task attempt reports to the driver. */
  record Committed(FileCommitProtocol.TaskCommitMessage taskCommit, long rows) implements WriterCommitMessage {}

  private static final int SIZE_CHECK_INTERVAL = 16;

  private final FileCommitProtocol committer;
  private final TaskAttemptContext context;
  private final long batchBytes;
  private final Schema arrowSchema;
  private final BufferAllocator allocator;
  private final java.nio.file.Path localDir;
  private VectorSchemaRoot root;
  private ArrowWriter writer;
  private ArrowFieldWriter[] fieldWriters;
  private long rowsInBatch;
  private long rows;
  private int files;

  ArrowParquetDataWriter(FileCommitProtocol committer, TaskAttemptContext context, StructType schema, long batchBytes,
      String timeZone) {
    this.committer = committer;
    this.context = context;
    this.batchBytes = batchBytes;
    // Arrow's native writer is needed at the first file, after a batch of rows: load it meanwhile (a failed
    // load is retried, and reported, by the writer itself)
    NativeLoads.startOnce(ParquetFiles.NATIVE_LIBRARY, ParquetFiles::loadNativeLibrary);
    this.arrowSchema = ArrowUtils.toArrowSchema(schema, timeZone, true, false);
    this.allocator = ArrowUtils.rootAllocator().newChildAllocator(
        "rowconv arrow-parquet " + context.getTaskAttemptID(), 0, Long.MAX_VALUE);
    try {
      this.localDir = Files.createTempDirectory(ParquetFiles.localRoot(), "rowconv-arrow-parquet-");
    } catch (IOException e) {
      allocator.close();
      throw new UncheckedIOException("cannot create a local folder for " + ArrowParquetSource.SHORT_NAME, e);
    }
    createBatchVectors();
  }

  /** The batch's vectors and their writers, made once per task attempt and refilled for every file. */
  private void createBatchVectors() {
    root = VectorSchemaRoot.create(arrowSchema, allocator);
    java.util.List<org.apache.arrow.vector.FieldVector> vectors = root.getFieldVectors();
    ArrowFieldWriter[] fields = new ArrowFieldWriter[vectors.size()];
    for (int i = 0; i < fields.length; i++) {
      org.apache.arrow.vector.FieldVector vector = vectors.get(i);
      vector.allocateNew();
      fields[i] = DoubleListWriter.accepts(vector)
          ? new DoubleListWriter((org.apache.arrow.vector.complex.ListVector) vector)
          : ArrowWriter$.MODULE$.createFieldWriter(vector);
    }
    writer = new ArrowWriter(root, fields);
    fieldWriters = fields;
  }

  @Override
  public void write(InternalRow row) throws IOException {
    if (rows == 0 && row instanceof UnsafeRow first) {
      reserveBatch(first);
    }
    writer.write(row);
    rowsInBatch++;
    rows++;
    // a row above a 16th of a batch is checked at once, not at the 16th row
    boolean bigRow = row instanceof UnsafeRow unsafe
        && unsafe.getSizeInBytes() * (long) SIZE_CHECK_INTERVAL > batchBytes;
    if ((rowsInBatch % SIZE_CHECK_INTERVAL == 0 || bigRow) && writer.sizeInBytes() >= batchBytes) {
      flush();
      // the next batch refills the same vectors: their buffers keep their size (reserveBatch), so only a
      // task's first batch pays for allocating them and for fresh pages
      writer.reset();
      rowsInBatch = 0;
    }
  }

  /**
   * Sizes the {@code array<double>} vectors once for a batch of rows like {@code first} (its size in Spark's
   * format is about its size in Arrow's: 8 bytes a value), at most a batch's bytes each plus the row's own
   * values.
   */
  private void reserveBatch(UnsafeRow first) {
    long rowBytes = Math.max(1, first.getSizeInBytes());
    long rowsPerBatch = batchBytes / rowBytes
        + (rowBytes * SIZE_CHECK_INTERVAL > batchBytes ? 1 : SIZE_CHECK_INTERVAL);
    for (int i = 0; i < fieldWriters.length; i++) {
      if (fieldWriters[i] instanceof DoubleListWriter list && !first.isNullAt(i)) {
        long n = first.getArray(i).numElements();
        long elements = Math.min(rowsPerBatch * n, batchBytes / 8 + n);
        if (elements > 0 && elements < Integer.MAX_VALUE / 8) {
          list.reserve((int) elements);
        }
      }
    }
  }

  /**
   * Writes the buffered rows as one file into the task attempt's output. Arrow's writer has read the vectors
   * when it returns (the file is closed), so they can be reset and refilled.
   */
  private void flush() throws IOException {
    if (rowsInBatch == 0) {
      return;
    }
    writer.finish();
    java.nio.file.Path local = ParquetFiles.write(allocator, root, localDir, files);
    Path target = new Path(committer.newTaskTempFile(context, Option.empty(),
        new FileNameSpec("", String.format(java.util.Locale.ROOT, "-c%03d.parquet", files))));
    files++;
    FileSystem fs = target.getFileSystem(context.getConfiguration());
    if (fs instanceof LocalFileSystem) {
      java.nio.file.Path destination = java.nio.file.Path.of(target.toUri());
      Files.createDirectories(destination.getParent());
      Files.move(local, destination, StandardCopyOption.REPLACE_EXISTING);
    } else {
      fs.copyFromLocalFile(true, true, new Path(local.toUri()), target);
    }
  }

  private void closeBatch() {
    if (root != null) {
      root.close();
      root = null;
      writer = null;
    }
  }

  @Override
  public WriterCommitMessage commit() throws IOException {
    flush();
    return new Committed(committer.commitTask(context), rows);
  }

  @Override
  public void abort() {
    committer.abortTask(context);
  }

  @Override
  public void close() {
    closeBatch();
    ParquetFiles.deleteQuietly(localDir);
    ParquetFiles.closeAllocator(allocator);
  }
}
