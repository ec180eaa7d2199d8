package io.rowconv.spark.sql;

import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Column;

/**
 * rowconv's SQL functions as {@link Column}s, for DataFrame code in Java and Scala, classic or Spark Connect:
 *
 * <pre>{@code
 * df.withColumn("y", RowconvFunctions.convolve(col("x"), col("h"), "same"))
 *   .where(RowconvFunctions.check(col("x"), col("h")).isNull())
 * }</pre>
 *
 * Each calls the function by name ({@code functions.call_function}), so the session must have rowconv's
 * extensions ({@code spark.sql.extensions=io.rowconv.spark.RowconvExtensions}; over Spark Connect, on the
 * server). Semantics in {@link SqlFunctions} and README ("From PySpark and SQL").
 */
public final class RowconvFunctions {

  private RowconvFunctions() {}

  /** {@code rowconv_convolve(x, h)}: mode same, method auto. */
  public static Column convolve(Column x, Column h) {
    return call_function("rowconv_convolve", x, h);
  }

  /** {@code rowconv_convolve(x, h, mode)}. */
  public static Column convolve(Column x, Column h, String mode) {
    return call_function("rowconv_convolve", x, h, lit(mode));
  }

  /** {@code rowconv_convolve(x, h, mode, method)}. */
  public static Column convolve(Column x, Column h, String mode, String method) {
    return call_function("rowconv_convolve", x, h, lit(mode), lit(method));
  }

  /** {@code rowconv_correlate(x, h)}: mode same, method auto. */
  public static Column correlate(Column x, Column h) {
    return call_function("rowconv_correlate", x, h);
  }

  /** {@code rowconv_correlate(x, h, mode)}. */
  public static Column correlate(Column x, Column h, String mode) {
    return call_function("rowconv_correlate", x, h, lit(mode));
  }

  /** {@code rowconv_correlate(x, h, mode, method)}. */
  public static Column correlate(Column x, Column h, String mode, String method) {
    return call_function("rowconv_correlate", x, h, lit(mode), lit(method));
  }

  /** {@code rowconv_convolve_f32(x, h, mode)}: array<float> operands in single precision. */
  public static Column convolveFloat32(Column x, Column h, String mode) {
    return call_function("rowconv_convolve_f32", x, h, lit(mode));
  }

  /** {@code rowconv_correlate_f32(x, h, mode)}. */
  public static Column correlateFloat32(Column x, Column h, String mode) {
    return call_function("rowconv_correlate_f32", x, h, lit(mode));
  }

  /** {@code rowconv_check(x, h)}: null for a row the job would convolve, else struct<reason, message>. */
  public static Column check(Column x, Column h) {
    return call_function("rowconv_check", x, h);
  }
}
