package io.rowconv.spark;

import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.SparkSessionExtensionsProvider;
import scala.runtime.BoxedUnit;

/**
 * rowconv's Spark extensions, turned on the way Spark extensions are: {@code --conf
 * spark.sql.extensions=io.rowconv.spark.RowconvExtensions} (with rowconv's jar on the classpath), or
 * {@code SparkSession.builder().withExtensions(new RowconvExtensions())}. Nothing is added to a session
 * without it.
 *
 * <p>What it adds to each session: rowconv's SQL functions ({@code rowconv_convolve} and the others of
 * {@link io.rowconv.spark.sql.SqlFunctions}), callable by name from SQL, the DataFrame API, PySpark and Spark
 * Connect; and the planner strategy that hands the output rows of {@link ConvolutionStage#apply} on without a
 * second copy ({@link ExactRowsScan}; without it, the same results with more memory per row).
 */
public final class RowconvExtensions implements SparkSessionExtensionsProvider {

  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    extensions.injectPlannerStrategy(session -> new ExactRowsScan.Strategy());
    io.rowconv.spark.sql.SqlFunctions.descriptions().forEach(extensions::injectFunction);
    return BoxedUnit.UNIT;
  }
}
