package io.rowconv.spark;

import io.rowconv.kernel.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

/**
 * The two lazily evaluated outcomes of the stage. Every input row is in exactly one of them.
 *
 * @param output the rows the kernel computed: every input column unchanged, plus the output column
 *     ({@code array<double>})
 * @param rejects the rows it could not compute: every input column unchanged, plus {@code reject_reason}
 *     (a code) and {@code reject_message} (what is wrong, naming the column)
 * @param rowsByMethod accumulators of the rows computed with each method, indexed by {@link Method#ordinal()}
 * @param rowsByReason accumulators of the rows rejected for each reason, indexed like {@code RowChecks.REASONS}
 * @param rowsReadByOutput input rows (good and bad) the output pass saw
 * @param rowsReadByRejects input rows (good and bad) the rejects pass saw
 */
public record ConvolutionResult(Dataset<Row> output, Dataset<Row> rejects, LongAccumulator[] rowsByMethod,
    LongAccumulator[] rowsByReason, LongAccumulator rowsReadByOutput, LongAccumulator rowsReadByRejects) {

  /**
   * Rows computed with each method (direct, toeplitz, fft) so far. Read it after writing the output once:
   * Spark merges a result stage's accumulator updates once per partition (exact under task retries and
   * speculation), but every further evaluation of {@link #output()} counts again.
   */
  public Map<String, Long> rowsComputedByMethod() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Method method : Method.values()) {
      if (method != Method.AUTO) {
        counts.put(method.cliName(), rowsByMethod[method.ordinal()].value());
      }
    }
    return counts;
  }

  /**
   * Rows rejected for each reason code that occurred so far, counted like {@link #rowsComputedByMethod()}:
   * read it after writing the rejects once.
   */
  public Map<String, Long> rowsRejectedByReason() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int i = 0; i < rowsByReason.length; i++) {
      long count = rowsByReason[i].value();
      if (count > 0) {
        counts.put(RowChecks.REASONS[i], count);
      }
    }
    return counts;
  }
}
