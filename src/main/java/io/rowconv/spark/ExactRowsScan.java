package io.rowconv.spark;

import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.SparkStrategy;
import scala.collection.immutable.IndexedSeq;
import scala.collection.immutable.Seq;

/**
 * Plans the output pass's rows without a second copy. Spark plans a DataFrame made from an RDD
 * ({@code internalCreateDataFrame}) as {@code RDDScanExec}, which copies every row into an {@code UnsafeRow}
 * whose buffer doubles as it grows (480 MB to hold one 160 MB row of a 10-million-sample signal). The output
 * pass already emits {@code UnsafeRow}s at their exact size ({@link ExactOutputRow}), so this strategy plans
 * its RDD ({@link PassRdd#emitsExactRows()}, told apart by its class) as {@link Exec}, which hands the rows on
 * as they are.
 *
 * <p>The strategy is on a session only when the user turns it on, with rowconv's extensions
 * ({@code spark.sql.extensions=io.rowconv.spark.RowconvExtensions}; the job's own session has them). Without
 * it Spark's {@code RDDScanExec} copies the rows once more: the same results, with more memory per row than
 * either path alone (the exact row and Spark's copy). The rows are reused across {@code next()} and
 * overwritten when the iterator advances, as Spark's own operators expect.
 */
final class ExactRowsScan {

  private ExactRowsScan() {}

  private static Seq<SparkPlan> noPlans() {
    return scala.jdk.javaapi.CollectionConverters.asScala(java.util.List.<SparkPlan>of()).toList();
  }

  /** Plans a {@code LogicalRDD} of the output pass as {@link Exec}; leaves every other plan to Spark. */
  static final class Strategy extends SparkStrategy {
    @Override
    public Seq<SparkPlan> apply(LogicalPlan plan) {
      if (plan instanceof LogicalRDD logical && !logical.isStreaming() && logical.rdd() instanceof PassRdd pass
          && pass.emitsExactRows()) {
        return scala.jdk.javaapi.CollectionConverters.asScala(
            java.util.List.<SparkPlan>of(new Exec(logical.output(), logical.rdd()))).toList();
      }
      return noPlans();
    }
  }

  /** A leaf that returns the output pass's rows as they are (they are {@code UnsafeRow}s already). */
  public static final class Exec extends SparkPlan {
    private static final long serialVersionUID = 1L;
    private final Seq<Attribute> output;
    private final transient RDD<InternalRow> rows;

    public Exec(Seq<Attribute> output, RDD<InternalRow> rows) {
      this.output = output;
      this.rows = rows;
    }

    @Override
    public Seq<Attribute> output() {
      return output;
    }

    @Override
    public RDD<InternalRow> doExecute() {
      return rows;
    }

    @Override
    public Seq<SparkPlan> children() {
      return noPlans();
    }

    @Override
    public SparkPlan withNewChildrenInternal(IndexedSeq<SparkPlan> newChildren) {
      return this;
    }

    @Override
    public String nodeName() {
      return "RowconvExactRowsScan";
    }

    @Override
    public org.apache.spark.sql.catalyst.expressions.AttributeSet producedAttributes() {
      return outputSet();
    }

    /** Equal for the same output and the same RDD, as a scan of it is (exchange reuse, AQE, sameResult). */
    @Override
    public boolean equals(Object other) {
      return other instanceof Exec that && that.rows == rows && that.output.equals(output);
    }

    @Override
    public int hashCode() {
      return 31 * output.hashCode() + System.identityHashCode(rows);
    }

    @Override
    public int productArity() {
      return 2;
    }

    @Override
    public Object productElement(int n) {
      return switch (n) {
        case 0 -> output;
        case 1 -> rows;
        default -> throw new IndexOutOfBoundsException(n);
      };
    }

    @Override
    public boolean canEqual(Object that) {
      return that instanceof Exec;
    }
  }
}
