package io.rowconv.spark;

import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.LongAccumulator;

/**
 * The rejects pass, run per partition on Spark's internal rows: the rows {@link RowChecks} refuses, with
 * their input columns unchanged plus {@code reject_reason} and {@code reject_message}. Counts them per reason.
 */
final class RejectPartitionFunction implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {

  private static final long serialVersionUID = 1L;

  private final RowChecks checks;
  private final StructType inputSchema;
  /** Rejected rows per reason, indexed like {@link RowChecks#REASONS}. */
  private final LongAccumulator[] rowsByReason;
  /** Input rows this pass saw, good and bad. */
  private final LongAccumulator rowsRead;

  RejectPartitionFunction(RowChecks checks, StructType inputSchema, LongAccumulator[] rowsByReason,
      LongAccumulator rowsRead) {
    this.checks = checks;
    this.inputSchema = inputSchema;
    this.rowsByReason = rowsByReason;
    this.rowsRead = rowsRead;
  }

  @Override
  public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
    InternalRowCopier copier = new InternalRowCopier(inputSchema);
    int width = inputSchema.size();
    GenericInternalRow out = new GenericInternalRow(width + 2);
    long[] counts = new long[RowChecks.REASONS.length];
    return new PassIterator(rows) {
      @Override
      InternalRow map(InternalRow row) {
        RowChecks.Reject reject = checks.check(row);
        if (reject == null) {
          return null;
        }
        counts[reject.reasonIndex()]++;
        copier.copy(row, out);
        out.update(width, UTF8String.fromString(reject.reason()));
        out.update(width + 1, UTF8String.fromString(reject.message()));
        return out; // reused: Spark's scan over this pass copies each row into an UnsafeRow
      }

      @Override
      void finish(long rowsSeen) {
        PassCounts.add(rowsRead, rowsSeen);
        PassCounts.add(rowsByReason, counts);
      }
    };
  }
}
