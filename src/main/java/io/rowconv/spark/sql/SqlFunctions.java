package io.rowconv.spark.sql;

import io.rowconv.kernel.Operation;
import java.util.List;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.internal.SQLConf;
import scala.Tuple3;
import scala.collection.immutable.Seq;

/**
 * rowconv's SQL functions, as {@link io.rowconv.spark.RowconvExtensions} injects them into every session
 * ({@code SparkSessionExtensions.injectFunction}): by name in Spark SQL, the DataFrame API
 * ({@code functions.call_function}, {@link RowconvFunctions}), PySpark and Spark Connect.
 *
 * <table>
 *   <caption>The functions</caption>
 *   <tr><td>{@code rowconv_convolve(x, h [, mode [, method]])}</td><td>{@code array<double>}:
 *       {@code scipy.signal.convolve(x, h, mode)}</td></tr>
 *   <tr><td>{@code rowconv_correlate(x, h [, mode [, method]])}</td><td>{@code scipy.signal.correlate}</td></tr>
 *   <tr><td>{@code rowconv_convolve_f32}, {@code rowconv_correlate_f32}</td><td>the same on
 *       {@code array<float>} operands in single precision, {@code array<float>}</td></tr>
 *   <tr><td>{@code rowconv_check(x, h [, mode [, op]])}</td><td>null, or the job's reject reason and
 *       message</td></tr>
 * </table>
 */
public final class SqlFunctions {

  private SqlFunctions() {}

  /** One function: its name, its DESCRIBE FUNCTION text, and how it is built from its arguments. */
  record Function(String name, String usage, String arguments, java.util.function.Function<Seq<Expression>,
      Expression> builder, Class<? extends Expression> type) {}

  private static final String CONVOLVE_ARGUMENTS = """

          Arguments:
            * x - the signal, an array of numbers (cast to array<double>, array<float> for the _f32 variants)
            * h - the filter taps, an array of numbers
            * mode - 'same' (default), 'full', 'valid' or 'causal' (lfilter's output), a constant
            * method - 'auto' (default), 'direct', 'toeplitz' or 'fft', a constant
        """;

  static final List<Function> ALL = List.of(
      convolve("rowconv_convolve", Operation.CONVOLVE, false, "scipy.signal.convolve(x, h, mode)"),
      convolve("rowconv_correlate", Operation.CORRELATE, false, "scipy.signal.correlate(x, h, mode)"),
      convolve("rowconv_convolve_f32", Operation.CONVOLVE, true, "scipy.signal.convolve in float32"),
      convolve("rowconv_correlate_f32", Operation.CORRELATE, true, "scipy.signal.correlate in float32"),
      new Function(CheckExpression.NAME, "_FUNC_(x, h [, mode [, op]]) - null for a row the rowconv job would "
          + "convolve, else struct<reason, message>: its reject reason and message.", """

              Arguments:
                * x, h - the signal and the taps, arrays of numbers
                * mode - 'same' (default), 'full', 'valid' or 'causal', a constant
                * op - 'convolve' (default) or 'correlate', a constant
            """, CheckExpression::of, CheckExpression.class));

  private static Function convolve(String name, Operation op, boolean single, String what) {
    return new Function(name, "_FUNC_(x, h [, mode [, method]]) - " + what + ", per row: each row's own filter.",
        CONVOLVE_ARGUMENTS,
        arguments -> new ConvolveExpression(name, op, single, SQLConf.get().ansiEnabled(), arguments),
        ConvolveExpression.class);
  }

  /** The functions as {@code SparkSessionExtensions.injectFunction} takes them. */
  public static List<Tuple3<FunctionIdentifier, ExpressionInfo, scala.Function1<Seq<Expression>, Expression>>>
      descriptions() {
    return ALL.stream().map(f -> new Tuple3<>(FunctionIdentifier.apply(f.name()),
        new ExpressionInfo(f.type().getName(), null, f.name(), f.usage(), f.arguments()),
        (scala.Function1<Seq<Expression>, Expression>) f.builder()::apply)).toList();
  }
}
