package io.rowconv.spark;

import java.util.Iterator;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The rejects pass, run per partition on Spark's internal rows: the rows {@link RowChecks} refuses, with
 * their input columns unchanged plus {@code reject_reason} and {@code reject_message}. Counts them per reason.
 */
final class RejectPartitionFunction implements PassRdd.Pass {

  private static final long serialVersionUID = 1L;

  private final RowChecks checks;
  private final StructType inputSchema;
  /** Rows read, and rejected rows per reason (indexed like {@link RowChecks#REASONS}). */
  private final PassCounts counts;

  RejectPartitionFunction(RowChecks checks, StructType inputSchema, PassCounts counts) {
    this.checks = checks;
    this.inputSchema = inputSchema;
    this.counts = counts;
  }

  @Override
  public Iterator<InternalRow> apply(Iterator<InternalRow> rows) {
    InternalRowCopier copier = new InternalRowCopier(inputSchema);
    int width = inputSchema.size();
    GenericInternalRow out = new GenericInternalRow(width + 2);
    long[] byReason = new long[RowChecks.REASONS.length];
    return new PassIterator(rows) {
      @Override
      InternalRow map(InternalRow row) {
        RowChecks.Reject reject = checks.check(row);
        if (reject == null) {
          return null;
        }
        byReason[reject.reasonIndex()]++;
        copier.copy(row, out);
        out.update(width, UTF8String.fromString(reject.reason()));
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
