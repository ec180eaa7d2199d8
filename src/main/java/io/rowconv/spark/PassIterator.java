package io.rowconv.spark;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * The iterator of one pass over a partition: maps each input row to an output row or to nothing (null),
 * and calls {@link #finish(long)} once when the input is exhausted (to publish the partition's counts).
 */
abstract class PassIterator implements Iterator<InternalRow> {

  private final Iterator<InternalRow> input;
  private InternalRow next;
  private boolean done;
  private long seen;

  PassIterator(Iterator<InternalRow> input) {
    this.input = input;
  }

  /** The output row for {@code row}, or null to emit nothing for it. */
  abstract InternalRow map(InternalRow row);

  /** Called once after the last input row, with the number of input rows the pass saw. */
  abstract void finish(long rowsSeen);

  @Override
  public final boolean hasNext() {
    while (next == null && !done) {
      if (!input.hasNext()) {
        done = true;
        finish(seen);
        break;
      }
      seen++;
      next = map(input.next());
    }
    return next != null;
  }

  @Override
  public final InternalRow next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    InternalRow result = next;
    next = null;
    return result;
  }
}
