package io.rowconv.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rowconv.kernel.Mode;
import io.rowconv.kernel.Operation;
import io.rowconv.kernel.twod.Boundary;
import io.rowconv.kernel.twod.Reference2d;
import io.rowconv.spark.JavaArrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * 2-D rows end to end: the job with --dims 2 and the SQL functions rowconv_convolve2d / rowconv_correlate2d /
 * rowconv_check2d, every mode, boundary and operation, odd and even kernels, kernels larger than the image,
 * integer element types; the rejects (ragged, valid shapes scipy refuses, nulls, NaN, too many pixels).
 */
class ImagesTest extends JobTestSupport {

  /** Images of 1..9 x 1..11 pixels with kernels of 1..4 x 1..5 (some larger than their image), as ints or doubles. */
  private static String images(String name) {
    String p = path(name);
    spark.sql("select id, transform(sequence(1, cast(id % 9 + 1 as int)), r -> transform(sequence(1, "
        + "cast(id % 11 + 1 as int)), c -> sin(r * 1.3 + c * 0.7 + id))) image, transform(sequence(1, "
        + "cast(id % 4 + 1 as int)), r -> transform(sequence(1, cast(id % 5 + 1 as int)), c -> cast((r * 7 + c * 3 "
        + "+ id) % 5 - 2 as int))) kernel from range(60)").repartition(3).write().parquet(p);
    return p;
  }

  private static double[][] matrix(Object rows) {
    List<?> list = rows instanceof List<?> l ? l
        : scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Seq<?>) rows);
    double[][] m = new double[list.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = JavaArrays.doubles(list.get(i));
    }
    return m;
  }

  @Test
  void job_everyModeBoundaryAndOperation_matchesScipysDefinition() {
    String input = images("img-in");
    for (Operation op : Operation.values()) {
      for (Mode mode : Reference2d.MODES) {
        for (Boundary boundary : Boundary.values()) {
          String out = path("img-out-" + op + mode + boundary);
          Outcome outcome = run("--input", input, "--output", out, "--dims", "2", "--signal-col", "image",
              "--taps-col", "kernel", "--op", op.cliName(), "--mode", mode.cliName(), "--boundary",
              boundary.cliName(), "--fill-value", "1.5");
          assertThat(outcome.code()).as(outcome.err()).isEqualTo(ExitCode.SUCCESS);
          Map<Long, Row> written = byId(spark.read().parquet(out));
          long rejected = spark.read().parquet(out + "_rejects").count();
          assertThat(written.size() + rejected).isEqualTo(60);
          for (Row row : written.values()) {
            double[][] x = matrix(row.getList(1));
            double[][] h = matrix(row.getList(2));
            Reference2d.assertWithinAutoContract("id " + row.getLong(0) + " " + op + " " + mode + " " + boundary, op,
                x, h, mode, boundary, 1.5, matrix(row.getList(3)));
          }
          if (mode == Mode.VALID) { // the shapes scipy refuses, and only those, are rejected
            assertThat(rejected).isPositive();
            assertThat(spark.read().parquet(out + "_rejects").where("reject_reason <> 'valid_shape'").count())
                .isZero();
          } else {
            assertThat(rejected).isZero();
          }
        }
      }
    }
    assertThat(spark.read().parquet(path("img-out-CONVOLVESAMEFILL")).schema().apply("result").dataType()
        .simpleString()).isEqualTo("array<array<double>>");
  }

  @Test
  void job_badImages_areRejectedWithReasonsNamingTheRow() {
    String input = path("img-bad-in");
    spark.sql("select * from values "
        + "(1, array(array(1d, 2d), array(3d)), array(array(1d))), "
        + "(2, array(array(1d, 2d), array(3d, 4d)), array(array(1d), array(2d, 3d))), "
        + "(3, array(array(1d, null)), array(array(1d))), "
        + "(4, array(array(1d), null), array(array(1d))), "
        + "(5, array(array(1d, double('NaN'))), array(array(1d))), "
        + "(6, cast(array() as array<array<double>>), array(array(1d))), "
        + "(7, array(array(1d, 2d, 3d)), array(array(1d), array(2d))), "
        + "(8, array(array(1d, 2d), array(3d, 4d)), array(array(0.5d))) as t(id, image, kernel)")
        .selectExpr("cast(id as bigint) id", "image", "kernel").write().parquet(input);
    String out = path("img-bad-out");
    Outcome outcome = run("--input", input, "--output", out, "--dims", "2", "--signal-col", "image", "--taps-col",
        "kernel", "--mode", "valid");
    assertThat(outcome.code()).as(outcome.err()).isEqualTo(ExitCode.SUCCESS);
    assertThat(outcome.out()).contains("read 8 rows, wrote 1, rejected 7");
    Map<Long, Row> rejects = byId(spark.read().parquet(out + "_rejects"));
    assertThat(rejects.get(1L).getString(3) + ": " + rejects.get(1L).getString(4))
        .isEqualTo("not_rectangular: image: row 1 has 1 values where row 0 has 2");
    assertThat(rejects.get(2L).getString(4)).isEqualTo("kernel: row 1 has 2 values where row 0 has 1");
    assertThat(rejects.get(3L).getString(4)).isEqualTo("image: row 0, element 1 is null");
    assertThat(rejects.get(4L).getString(4)).isEqualTo("image: row 1 is null");
    assertThat(rejects.get(5L).getString(4)).startsWith("image: row 0, element 1 is NaN");
    assertThat(rejects.get(6L).getString(3)).isEqualTo("empty_array");
    assertThat(rejects.get(7L).getString(3) + ": " + rejects.get(7L).getString(4)).isEqualTo("valid_shape: the image "
        + "is 1x3 and the kernel 2x1: mode valid needs one at least as large as the other in every dimension "
        + "(scipy raises)");
    Outcome tooBig = run("--input", input, "--output", path("img-big-out"), "--dims", "2", "--signal-col", "image",
        "--taps-col", "kernel", "--max-length", "3");
    assertThat(byId(spark.read().parquet(path("img-big-out") + "_rejects")).get(8L).getString(4))
        .isEqualTo("image: 2x2 = 4 values exceed the limit 3 (--max-length)");
    assertThat(tooBig.code()).isEqualTo(ExitCode.SUCCESS);
    Outcome causal = run("--input", input, "--output", path("img-causal"), "--dims", "2", "--mode", "causal");
    assertThat(causal.code()).isEqualTo(ExitCode.USAGE);
    assertThat(causal.err()).contains("mode causal (lfilter's output) has no 2-D meaning");
    Outcome oneD = run("--input", input, "--output", path("img-1d"), "--dims", "2");
    assertThat(oneD.code()).isEqualTo(ExitCode.INPUT);
    assertThat(oneD.err()).contains("input has no column 'signal' (--signal-col)");
  }

  @Test
  void generateAndExample_withDims2_writeImagesAndThePicture() throws Exception {
    Outcome gen = run("generate", "--output", path("gen-images"), "--rows", "20", "--n", "16", "--k", "3", "--dims",
        "2", "--bad-rows", "3");
    assertThat(gen.code()).as(gen.err()).isEqualTo(ExitCode.SUCCESS);
    assertThat(spark.read().parquet(path("gen-images")).schema().simpleString())
        .isEqualTo("struct<id:bigint,image:array<array<double>>,kernel:array<array<double>>>");
    Outcome job = run("--input", path("gen-images"), "--output", path("gen-images-out"), "--dims", "2",
        "--signal-col", "image", "--taps-col", "kernel");
    assertThat(job.out()).contains("read 20 rows, wrote 17, rejected 3");

    Outcome example = run("example", "--dir", path("example-2d"), "--dims", "2");
    assertThat(example.code()).as(example.err()).isEqualTo(ExitCode.SUCCESS);
    assertThat(example.out()).contains("read 200 rows, wrote 197, rejected 3", "example.png");
    java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(
        java.nio.file.Path.of(path("example-2d"), "images", "example.png").toFile());
    assertThat(png.getHeight()).isEqualTo(96);
    assertThat(png.getWidth()).isEqualTo(96 + 8 + 9 * 10 + 8 + 96); // image, kernel enlarged 10x, result
  }

  @Test
  void sql_convolve2dAndCheck2d_matchScipysDefinition_andRefuseWhatScipyRefuses() {
    images("img-sql-in");
    spark.read().parquet(path("img-sql-in")).createOrReplaceTempView("images");
    List<Row> rows = spark.sql("select image, kernel, rowconv_correlate2d(image, kernel, 'full', 'symm') y, "
        + "rowconv_convolve2d(image, kernel) z, rowconv_check2d(image, kernel, 'valid') c from images").collectAsList();
    for (Row row : rows) {
      double[][] x = matrix(row.getList(0));
      double[][] h = matrix(row.getList(1));
      Reference2d.assertWithinAutoContract("sql", Operation.CORRELATE, x, h, Mode.FULL, Boundary.SYMM, 0,
          matrix(row.getList(2)));
      Reference2d.assertWithinAutoContract("sql", Operation.CONVOLVE, x, h, Mode.SAME, Boundary.FILL, 0,
          matrix(row.getList(3)));
      boolean refused = !(x.length >= h.length && x[0].length >= h[0].length)
          && !(h.length >= x.length && h[0].length >= x[0].length);
      assertThat(row.isNullAt(4)).isEqualTo(!refused);
    }
    assertThatThrownBy(() -> spark.sql("select rowconv_convolve2d(image, kernel, 'valid') from images").collect())
        .hasMessageContaining("rowconv_convolve2d: the image is").hasMessageContaining("[valid_shape");
    assertThatThrownBy(() -> spark.sql("select rowconv_convolve2d(image, kernel, 'same', 'reflect') from images"))
        .hasMessageContaining("rowconv_convolve2d: the boundary (4th argument)");
    assertThat(spark.sql("select rowconv_convolve2d(array(array(1, 2), array(3, 4)), array(array(1)), 'full', "
        + "'fill', 9) v").first().getList(0).toString()).isEqualTo("[ArraySeq(1.0, 2.0), ArraySeq(3.0, 4.0)]");
  }
}
