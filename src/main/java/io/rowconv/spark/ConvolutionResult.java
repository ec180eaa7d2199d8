package io.rowconv.spark;

import io.rowconv.kernel.Method;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The two lazily evaluated outcomes of the stage, and what their passes counted. Every input row is in exactly
 * one of them.
 *
 * <p>The counts are those of the passes' evaluations so far: read them after writing each outcome once. Spark
 * merges them once per partition from the task attempt that succeeded, so they are the rows the write
 * committed, exact under task retries and speculation; {@link #checkOutputCountedOnce()} says whether each pass was
 * evaluated exactly once.
 */
public final class ConvolutionResult {

  private final Dataset<Row> output;
  private final Dataset<Row> rejects;
  private final PassCounts outputCounts;
  private final PassCounts rejectsCounts;
  private final String inputPlan;

  ConvolutionResult(Dataset<Row> output, Dataset<Row> rejects, PassCounts outputCounts, PassCounts rejectsCounts,
      String inputPlan) {
    this.inputPlan = inputPlan;
    this.output = output;
    this.rejects = rejects;
    this.outputCounts = outputCounts;
    this.rejectsCounts = rejectsCounts;
  }

  /** The rows the kernel computed: every input column unchanged (or all but the operands), plus the result. */
  public Dataset<Row> output() {
    return output;
  }

  /**
   * The rows it could not compute: every input column unchanged, plus {@code reject_reason} (a code) and
   * {@code reject_message} (what is wrong, naming the column).
   */
  public Dataset<Row> rejects() {
    return rejects;
  }

  /**
   * Spark's physical plan of the rows both passes read (the input's scan, the operands' casts, a taps table's
   * join: broadcast or shuffled), as {@code explain} prints it; the passes themselves are not in it.
   */
  public String inputPlan() {
    return inputPlan;
  }

  /** Input rows (good and bad) the output pass read. */
  public long rowsReadByOutput() {
    return outputCounts.rowsRead();
  }

  /** Input rows (good and bad) the rejects pass read. */
  public long rowsReadByRejects() {
    return rejectsCounts.rowsRead();
  }

  /** Rows the output pass emitted: the rows a write of {@link #output()} was given. */
  public long rowsWritten() {
    return outputCounts.rowsEmitted();
  }

  /** Rows the rejects pass emitted: the rows a write of {@link #rejects()} was given. */
  public long rowsRejected() {
    return rejectsCounts.rowsEmitted();
  }

  /** Rows computed with each method (direct, toeplitz, fft), every method listed. */
  public Map<String, Long> rowsComputedByMethod() {
    return outputCounts.rowsByCategory(true);
  }

  /** Rows rejected for each reason code that occurred. */
  public Map<String, Long> rowsRejectedByReason() {
    return rejectsCounts.rowsByCategory(false);
  }

  /**
   * Throws an {@link IllegalStateException} unless the output pass read each of its partitions exactly once:
   * only then are its counts those of one write.
   */
  public void checkOutputCountedOnce() {
    outputCounts.checkEveryPartitionOnce();
  }

  /** {@link #checkOutputCountedOnce()} for the rejects pass. */
  public void checkRejectsCountedOnce() {
    rejectsCounts.checkEveryPartitionOnce();
  }

  /** Index of {@code method} (never AUTO) in {@link #methodNames()}. */
  static int methodIndex(Method method) {
    return method.ordinal() > Method.AUTO.ordinal() ? method.ordinal() - 1 : method.ordinal();
  }

  /** The categories the output pass counts: the methods a row can be computed with, in order. */
  static String[] methodNames() {
    String[] names = new String[Method.values().length - 1];
    int i = 0;
    for (Method method : Method.values()) {
      if (method != Method.AUTO) {
        names[i++] = method.cliName();
      }
    }
    return names;
  }
}
