package io.rowconv.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.rowconv.kernel.Mode;
import io.rowconv.kernel.Operation;
import io.rowconv.kernel.Reference;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * A library user's session without rowconv's extensions: {@link ConvolutionStage#apply} leaves the session as
 * it found it, and Spark plans the output rows with its own scan (one more copy of each row), with the same
 * rows as with the extensions.
 */
@WithoutRowconvExtensions
class StageWithoutExtensionsTest extends SparkTestBase {

  @Test
  void apply_changesNothingInTheSession_andSparksOwnScanGivesTheReferenceResults() {
    Dataset<Row> input = spark.sql("select id, transform(sequence(0, cast(id % 40 + 1 as int)), i -> sin(i + id)) x,"
        + " if(id = 7, array(), transform(sequence(0, cast(id % 6 as int)), i -> cos(i * id))) h from range(30)");
    scala.collection.immutable.Map<String, String> confBefore = spark.conf().getAll();
    ConvolutionResult result = ConvolutionStage.apply(input, ConvolutionSpec.builder().signalColumn("x")
        .tapsColumn("h").outputColumn("y").mode(Mode.VALID).build());

    assertThat(spark.experimental().extraStrategies().isEmpty()).as("no strategy added").isTrue();
    assertThat(spark.conf().getAll()).isEqualTo(confBefore);
    String plan = ((org.apache.spark.sql.classic.Dataset<Row>) result.output()).queryExecution().executedPlan()
        .toString();
    assertThat(plan).contains("Scan ExistingRDD").doesNotContain("RowconvExactRowsScan");

    List<Row> rows = result.output().collectAsList();
    assertThat(rows).hasSize(29);
    for (Row row : rows) {
      double[] x = JavaArrays.doubles(row.getList(1));
      double[] h = JavaArrays.doubles(row.getList(2));
      Reference.assertWithinMethodContract("id " + row.getLong(0), io.rowconv.kernel.Method.DIRECT,
          Operation.CONVOLVE, Mode.VALID, x, h, JavaArrays.doubles(row.getList(3)));
    }
    assertThat(result.rejects().select("id", "reject_reason").collectAsList())
        .extracting(Row::toString).containsExactly("[7,empty_array]");
  }
}
