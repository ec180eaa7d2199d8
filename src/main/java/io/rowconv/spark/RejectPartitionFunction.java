package io.rowconv.spark;

import java.util.Iterator;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The rejects pass, run per partition on Spark's internal rows: the rows the per-row step ({@link RowStep})
 * refuses, with their input columns unchanged plus {@code reject_reason} and {@code reject_message}. A row is
 * computed here only when its result decides (finite operands near the number type's limit, whose result may
 * overflow), so that both passes reach the same verdict. Counts the rows per reason.
 */
final class RejectPartitionFunction implements PassRdd.Pass {

  private static final long serialVersionUID = 1L;

  private final RowStep.Setup step;
  /** The taps table's lookup (null unless the taps come from one). */
  private final KeyLookup lookup;
  private final StructType inputSchema;
  private final int signalOrdinal;
  private final int tapsOrdinal;
  /** Rows read, and rejected rows per reason (in {@link RejectReason} order). */
  private final PassCounts counts;

  RejectPartitionFunction(RowStep.Setup step, KeyLookup lookup, StructType inputSchema, int signalOrdinal,
      int tapsOrdinal, PassCounts counts) {
    this.step = step;
    this.lookup = lookup;
    this.inputSchema = inputSchema;
    this.signalOrdinal = signalOrdinal;
    this.tapsOrdinal = tapsOrdinal;
    this.counts = counts;
  }

  @Override
  public Iterator<InternalRow> apply(Iterator<InternalRow> rows) {
    RowWork rowStep = RowWork.of(step, null);
    InternalRowCopier copier = new InternalRowCopier(inputSchema);
    int width = inputSchema.size();
    GenericInternalRow out = new GenericInternalRow(width + 2);
    long[] byReason = new long[RejectReason.values().length];
    return new PassIterator(rows) {
      @Override
      InternalRow map(InternalRow row) {
        RowReject reject = rowStep.prepare(ConvolvePartitionFunction.array(row, signalOrdinal),
            ConvolvePartitionFunction.array(row, tapsOrdinal), lookup == null ? null : lookup.check(row));
        if (reject == null && rowStep.resultDecidesReject()) {
          reject = rowStep.compute(false);
        }
        rowStep.releaseLargeBuffers();
        if (reject == null) {
          return null;
        }
        byReason[reject.reason().ordinal()]++;
        copier.copy(row, out);
        out.update(width, UTF8String.fromString(reject.reason().code()));
        out.update(width + 1, UTF8String.fromString(reject.message()));
        return out; // reused: Spark's scan over this pass copies each row into an UnsafeRow
      }

      @Override
      void finish(long rowsSeen) {
        counts.publish(rowsSeen, byReason);
      }
    };
  }
}
