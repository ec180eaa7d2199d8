package io.rowconv.spark;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.Partition;
import org.apache.spark.TaskContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * One pass of the stage over the input's partitions: the pass function applied to each partition's rows, read
 * either from Spark's rows or in place from its column batches ({@link ColumnarInput}). It is its own RDD class
 * (not a {@code mapPartitions}) so that the planner can tell rowconv's output rows from any other RDD by their
 * type: {@link ExactRowsScan} plans an RDD whose pass {@link #emitsExactRows() emits exact-size UnsafeRows}
 * without copying them.
 */
final class PassRdd extends RDD<InternalRow> {

  private static final long serialVersionUID = 1L;

  /** A pass over one partition's rows: the output rows it emits, as it reads them. */
  interface Pass extends java.io.Serializable {
    Iterator<InternalRow> apply(Iterator<InternalRow> rows);
  }

  private static final ClassTag<InternalRow> ROWS = ClassTag$.MODULE$.apply(InternalRow.class);

  private final Pass pass;
  private final boolean columnar;
  private final boolean exactRows;

  /**
   * @param input the scan's {@code RDD<ColumnarBatch>} when {@code columnar}, else an {@code RDD<InternalRow>}
   * @param exactRows whether {@code pass} emits {@code UnsafeRow}s of their exact size ({@link ExactOutputRow})
   */
  PassRdd(RDD<?> input, boolean columnar, Pass pass,
      boolean exactRows) {
    super(input, ROWS);
    this.pass = pass;
    this.columnar = columnar;
    this.exactRows = exactRows;
  }

  boolean emitsExactRows() {
    return exactRows;
  }

  @Override
  public Partition[] getPartitions() {
    return firstParent(ClassTag$.MODULE$.AnyRef()).partitions();
  }

  @Override
  public scala.collection.Iterator<InternalRow> compute(Partition split, TaskContext context) {
    Iterator<?> input = CollectionConverters.asJava(firstParent(ClassTag$.MODULE$.AnyRef()).iterator(split, context));
    @SuppressWarnings("unchecked")
    Iterator<InternalRow> rows = columnar ? rowsOf((Iterator<ColumnarBatch>) input) : (Iterator<InternalRow>) input;
    return CollectionConverters.asScala(pass.apply(rows));
  }

  /**
   * Each batch's rows, one at a time, as one reused row view. A row is valid until the next is requested, which
   * holds because each pass copies what it emits before asking for the next (the output pass builds its own
   * row from the view, {@link ExactOutputRow}; Spark's scan over the rejects pass copies each rejected row), and
   * the reader reuses a batch only after its last row.
   */
  private static Iterator<InternalRow> rowsOf(Iterator<ColumnarBatch> batches) {
    return new Iterator<>() {
      private ColumnarBatch batch;
      private int next;

      @Override
      public boolean hasNext() {
        while (batch == null || next >= batch.numRows()) {
          if (!batches.hasNext()) {
            return false;
          }
          batch = batches.next();
          next = 0;
        }
        return true;
      }

      @Override
      public InternalRow next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return batch.getRow(next++);
      }
    };
  }
}
