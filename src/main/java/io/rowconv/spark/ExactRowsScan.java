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
 * pass already emits {@code UnsafeRow}s at their exact size ({@link ExactOutputRow}), so its RDD is marked, and
 * this strategy, registered on the session, plans a marked RDD as {@link Exec}, which hands the rows on as
 * they are. Without the strategy (another session, a plan Spark rewrote) Spark's {@code RDDScanExec} copies
 * the rows once more: same results, but more memory than either path alone (the exact row and Spark's copy).
 *
 * <p>The strategy stays on the session ({@code spark.experimental().extraStrategies}, added once per class
 * loader; a user replacing that list concurrently may drop it, which only costs the copy) and plans only RDDs
 * that {@link #mark} registered (by identity; the RDD's name is for Spark's UI only). The rows are reused
 * across {@code next()} and overwritten when the iterator advances, as Spark's own operators expect.
 */
final class ExactRowsScan {

  /** The name that marks an RDD of exact-size {@code UnsafeRow}s (shown in Spark's UI). */
  static final String RDD_NAME = "rowconv output rows (UnsafeRow, exact size)";

  private ExactRowsScan() {}

  /** The RDDs of exact-size {@code UnsafeRow}s, by identity (weakly: a dropped plan frees its RDD). */
  private static final java.util.Set<RDD<?>> MARKED =
      java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>()));

  /** Marks {@code rows}, an RDD of {@code UnsafeRow}s. */
  static void mark(RDD<InternalRow> rows) {
    rows.setName(RDD_NAME);
    MARKED.add(rows);
  }

  static boolean isMarked(RDD<?> rows) {
    return MARKED.contains(rows);
  }

  /** Adds the strategy to {@code session}'s planner once. */
  static void registerOn(org.apache.spark.sql.classic.SparkSession session) {
    org.apache.spark.sql.ExperimentalMethods experimental = session.experimental();
    synchronized (experimental) {
      Seq<SparkStrategy> strategies = experimental.extraStrategies();
      if (strategies.exists(s -> s instanceof Strategy)) {
        return;
      }
      experimental.extraStrategies_$eq(strategies.appended((SparkStrategy) new Strategy()).toSeq());
    }
  }

  private static Seq<SparkPlan> noPlans() {
    return scala.jdk.javaapi.CollectionConverters.asScala(java.util.List.<SparkPlan>of()).toList();
  }

  /** Plans a marked {@code LogicalRDD} as {@link Exec}; leaves every other plan to Spark. */
  static final class Strategy extends SparkStrategy {
    @Override
    public Seq<SparkPlan> apply(LogicalPlan plan) {
      if (plan instanceof LogicalRDD logical && !logical.isStreaming() && isMarked(logical.rdd())) {
        return scala.jdk.javaapi.CollectionConverters.asScala(
            java.util.List.<SparkPlan>of(new Exec(logical.output(), logical.rdd()))).toList();
      }
      return noPlans();
    }
  }

  /** A leaf that returns the marked RDD's rows as they are (they are {@code UnsafeRow}s already). */
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
