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

  private static final String IMAGE_ARGUMENTS = """

          Arguments:
            * x - the image, an array of arrays of numbers, row-major (cast to array<array<double>>)
            * h - the kernel, likewise
            * mode - 'same' (default), 'full' or 'valid', a constant
            * boundary - 'fill' (default), 'wrap' or 'symm', a constant
            * fillvalue - the value beyond the edges for boundary fill (default 0), a constant
            * method - 'auto' (default), 'direct', 'toeplitz' or 'fft', a constant
        """;

  static final List<Function> ALL = List.of(
      convolve("rowconv_convolve", Operation.CONVOLVE, ConvolveExpression.Kind.SIGNAL,
          "scipy.signal.convolve(x, h, mode)", CONVOLVE_ARGUMENTS),
      convolve("rowconv_correlate", Operation.CORRELATE, ConvolveExpression.Kind.SIGNAL,
          "scipy.signal.correlate(x, h, mode)", CONVOLVE_ARGUMENTS),
      convolve("rowconv_convolve_f32", Operation.CONVOLVE, ConvolveExpression.Kind.SIGNAL_F32,
          "scipy.signal.convolve in float32", CONVOLVE_ARGUMENTS),
      convolve("rowconv_correlate_f32", Operation.CORRELATE, ConvolveExpression.Kind.SIGNAL_F32,
          "scipy.signal.correlate in float32", CONVOLVE_ARGUMENTS),
      convolve("rowconv_convolve2d", Operation.CONVOLVE, ConvolveExpression.Kind.IMAGE,
          "scipy.signal.convolve2d(x, h, mode, boundary, fillvalue)", IMAGE_ARGUMENTS),
      convolve("rowconv_correlate2d", Operation.CORRELATE, ConvolveExpression.Kind.IMAGE,
          "scipy.signal.correlate2d(x, h, mode, boundary, fillvalue)", IMAGE_ARGUMENTS),
      new Function(CheckExpression.NAME, "_FUNC_(x, h [, mode [, op]]) - null for a row the rowconv job would "
          + "convolve, else struct<reason, message>: its reject reason and message.", """

              Arguments:
                * x, h - the signal and the taps, arrays of numbers
                * mode - 'same' (default), 'full', 'valid' or 'causal', a constant
                * op - 'convolve' (default) or 'correlate', a constant
            """, arguments -> CheckExpression.of(arguments, false), CheckExpression.class),
      new Function(CheckExpression.NAME_2D, "_FUNC_(x, h [, mode [, boundary [, fillvalue [, op]]]]) - null for an "
          + "image the rowconv job would convolve with --dims 2, else struct<reason, message>.", """

              Arguments:
                * x, h - the image and the kernel, arrays of arrays of numbers
                * mode - 'same' (default), 'full' or 'valid', a constant
                * boundary - 'fill' (default), 'wrap' or 'symm'; fillvalue - a number (default 0), constants
                * op - 'convolve' (default) or 'correlate', a constant
            """, arguments -> CheckExpression.of(arguments, true), CheckExpression.class));


  private static Function convolve(String name, Operation op, ConvolveExpression.Kind kind, String what,
      String arguments) {
    return new Function(name, "_FUNC_" + kind.usage + " - " + what + ", per row: each row's own "
        + (kind == ConvolveExpression.Kind.IMAGE ? "kernel." : "filter."), arguments,
        args -> new ConvolveExpression(name, op, kind, SQLConf.get().ansiEnabled(), args), ConvolveExpression.class);
  }

  /** The functions as {@code SparkSessionExtensions.injectFunction} takes them. */
  public static List<Tuple3<FunctionIdentifier, ExpressionInfo, scala.Function1<Seq<Expression>, Expression>>>
      descriptions() {
    return ALL.stream().map(f -> new Tuple3<>(FunctionIdentifier.apply(f.name()),
        new ExpressionInfo(f.type().getName(), null, f.name(), f.usage(), f.arguments()),
        (scala.Function1<Seq<Expression>, Expression>) f.builder()::apply)).toList();
  }
}
