package io.rowconv.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.rowconv.kernel.Convolution;
import io.rowconv.kernel.Method;
import io.rowconv.kernel.Mode;
import io.rowconv.kernel.Operation;
import io.rowconv.kernel.Reference;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The whole job through its command line on local[2]: outputs, exit codes, path guards, reruns. */
class ConvolutionJobTest extends JobTestSupport {

  private static List<Row> goodRows(int count, long seed, String part) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int n = 1 + random.nextInt(300);
      int k = 1 + random.nextInt(i % 7 == 0 ? 400 : 40);
      Double[] x = new Double[n];
      Double[] h = new Double[k];
      for (int t = 0; t < n; t++) {
        x[t] = random.nextDouble() * 2 - 1;
      }
      for (int t = 0; t < k; t++) {
        h[t] = random.nextDouble() * 2 - 1;
      }
      rows.add(RowFactory.create(seed * 100_000 + i, part, seq(x), seq(h)));
    }
    return rows;
  }

  @Test
  void run_readsParquetIn512RowBatchesUnlessTheSessionSetsTheSize() {
    String input = write(goodRows(10, 77, "a"), "in-reader-batch", 1);
    spark.conf().unset(ConvolutionJob.PARQUET_READER_BATCH);
    try {
      Outcome defaulted = run("--input", input, "--output", path("out-reader-batch-1"));
      assertThat(defaulted.code()).as(defaulted.err()).isEqualTo(ExitCode.SUCCESS);
      assertThat(spark.conf().get(ConvolutionJob.PARQUET_READER_BATCH)).isEqualTo("512");
      spark.conf().set(ConvolutionJob.PARQUET_READER_BATCH, "100");
      Outcome chosen = run("--input", input, "--output", path("out-reader-batch-2"));
      assertThat(chosen.code()).as(chosen.err()).isEqualTo(ExitCode.SUCCESS);
      assertThat(spark.conf().get(ConvolutionJob.PARQUET_READER_BATCH)).isEqualTo("100");
    } finally {
      spark.conf().unset(ConvolutionJob.PARQUET_READER_BATCH);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Mode.class)
  void run_everyMode_writesReferenceResultsAndSummary(Mode mode) throws IOException {
    String input = write(goodRows(40, 10 + mode.ordinal(), "a"), "in-" + mode, 3);
    String output = path("out-" + mode);
    Outcome outcome = run("--input", input, "--output", output, "--mode", mode.cliName(), "--op", "correlate",
        "--output-col", "y");
    assertThat(outcome.code()).as(outcome.err()).isEqualTo(ExitCode.SUCCESS);
    assertThat(exists(output, "_SUCCESS")).isTrue();
    Map<Long, Row> in = byId(spark.read().parquet(input));
    Map<Long, Row> out = byId(spark.read().parquet(output));
    assertThat(out.keySet()).isEqualTo(in.keySet());
    for (Map.Entry<Long, Row> e : out.entrySet()) {
      Row original = in.get(e.getKey());
      Row row = e.getValue();
      assertThat(row.getString(1)).isEqualTo(original.getString(1));
      assertThat(row.getList(2)).isEqualTo(original.getList(2));
      double[] x = doubles(original.getList(2));
      double[] h = doubles(original.getList(3));
      Reference.assertWithinMethodContract("id " + e.getKey(), Method.AUTO, Operation.CORRELATE, mode, x, h,
          doubles(row.getList(4)));
    }
    String summary = readSummary(output);
    assertThat(summary).contains("\"status\": \"succeeded\"", "\"rows_read\": 40", "\"rows_written\": 40",
        "\"rows_rejected\": 0", "\"mode\": \"" + mode.cliName() + "\"");
    assertThat(summary).containsPattern("\"rows_by_method\": \\{\"direct\": \\d+, \"toeplitz\": \\d+, \"fft\": \\d+\\}");
    assertThat(outcome.out()).contains("read 40 rows, wrote 40, rejected 0");
  }

  /** Mode causal is the FIR filter's output: scipy.signal.lfilter(h, [1.0], x) (values printed by scipy 1.17). */
  @Test
  void run_causalMode_givesLfiltersOutput_andTheFullCorrelationsFirstSamples() {
    String input = write(List.of(RowFactory.create(1L, "a", seq(0.5, -1.0, 2.0, 0.0, 3.0, 1.0), seq(1.0, 0.5, -0.25))),
        "in-causal", 1);
    for (String op : List.of("convolve", "correlate")) {
      String output = path("out-causal-" + op);
      Outcome outcome = run("--input", input, "--output", output, "--mode", "causal", "--op", op);
      assertThat(outcome.code()).as(outcome.err()).isEqualTo(ExitCode.SUCCESS);
      double[] y = doubles(spark.read().parquet(output).first().getList(4));
      assertThat(y).containsExactly(op.equals("convolve")
          ? new double[] {0.5, -0.75, 1.375, 1.25, 2.5, 2.5} // lfilter([1, .5, -.25], [1.0], x)
          : new double[] {-0.125, 0.5, -0.5, 0.0, 1.25, 1.25}, // correlate(x, h, 'full')[:6]
          org.assertj.core.data.Offset.offset(1e-12));
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Method.class, names = {"DIRECT", "TOEPLITZ", "FFT"})
  void run_forcedMethod_computesEveryRowThatWayAndCountsIt(Method method) throws IOException {
    String input = write(goodRows(25, 20 + method.ordinal(), "a"), "in-method-" + method, 2);
    String output = path("out-method-" + method);
    Outcome outcome = run("--input", input, "--output", output, "--method", method.cliName(), "--mode", "full");
    assertThat(outcome.code()).as(outcome.err()).isEqualTo(ExitCode.SUCCESS);
    Map<Long, Row> in = byId(spark.read().parquet(input));
    for (Row row : spark.read().parquet(output).collectAsList()) {
      Row original = in.get(row.getLong(0));
      Reference.assertWithinMethodContract("id " + row.getLong(0), method, Operation.CONVOLVE, Mode.FULL,
          doubles(original.getList(2)), doubles(original.getList(3)), doubles(row.getList(4)));
    }
    assertThat(readSummary(output)).contains("\"" + method.cliName() + "\": 25");
  }

  @Test
  void run_existingOutputWithWriteModeError_isRefusedAndLeftIntact() throws IOException {
    String input = write(goodRows(5, 1, "a"), "in-exists", 1);
    String output = path("out-exists");
    assertThat(run("--input", input, "--output", output).code()).isEqualTo(ExitCode.SUCCESS);
    String before = readSummary(output);
    Outcome second = run("--input", input, "--output", output);
    assertThat(second.code()).isEqualTo(ExitCode.USAGE);
    assertThat(second.err()).contains("output path 'file:" + output + "' already exists: use --write-mode overwrite");
    assertThat(readSummary(output)).isEqualTo(before);
  }

  @Test
  void run_overwriteTwice_replacesResultCompletely() {
    String output = path("out-rerun");
    String first = write(goodRows(30, 2, "a"), "in-rerun-1", 2);
    String second = write(goodRows(12, 3, "a"), "in-rerun-2", 2);
    assertThat(run("--input", first, "--output", output, "--write-mode", "overwrite").code()).isEqualTo(ExitCode.SUCCESS);
    assertThat(run("--input", second, "--output", output, "--write-mode", "overwrite").code()).isEqualTo(ExitCode.SUCCESS);
    assertThat(ids(spark.read().parquet(output))).isEqualTo(ids(spark.read().parquet(second)));
    // a rerun of the same input gives the same rows
    assertThat(run("--input", second, "--output", output, "--write-mode", "overwrite").code()).isEqualTo(ExitCode.SUCCESS);
    assertThat(ids(spark.read().parquet(output))).isEqualTo(ids(spark.read().parquet(second)));
  }

  @Test
  void run_partitionedOverwrite_replacesOnlyPartitionsWritten() {
    List<Row> rows = new ArrayList<>(goodRows(10, 4, "a"));
    rows.addAll(goodRows(10, 5, "b"));
    String all = write(rows, "in-parts", 2);
    String onlyB = write(goodRows(3, 6, "b"), "in-parts-b", 1);
    String output = path("out-parts");
    assertThat(run("--input", all, "--output", output, "--partition-by", "part").code()).isEqualTo(ExitCode.SUCCESS);
    Outcome rerun = run("--input", onlyB, "--output", output, "--partition-by", "part", "--write-mode", "overwrite");
    assertThat(rerun.code()).as(rerun.err()).isEqualTo(ExitCode.SUCCESS);
    Dataset<Row> result = spark.read().parquet(output);
    assertThat(result.filter("part = 'a'").count()).isEqualTo(10);
    assertThat(ids(result.filter("part = 'b'"))).isEqualTo(ids(spark.read().parquet(onlyB)));
  }

  @Test
  void run_overwriteOfForeignFolder_needsForce() throws IOException {
    String input = write(goodRows(3, 7, "a"), "in-foreign", 1);
    Path foreign = tempDir.resolve("foreign");
    Files.createDirectories(foreign);
    Files.writeString(foreign.resolve("precious.txt"), "keep me");
    Outcome refused = run("--input", input, "--output", foreign.toString(), "--write-mode", "overwrite");
    assertThat(refused.code()).isEqualTo(ExitCode.USAGE);
    assertThat(refused.err()).contains("exists and is not a previous rowconv output", "--force true");
    assertThat(foreign.resolve("precious.txt")).exists();
    Outcome forced = run("--input", input, "--output", foreign.toString(), "--write-mode", "overwrite", "--force");
    assertThat(forced.code()).as(forced.err()).isEqualTo(ExitCode.SUCCESS);
  }

  @Test
  void run_outputEqualInsideOrAroundInput_isRefused() {
    String input = write(goodRows(3, 8, "a"), "in-guard", 1);
    assertThat(run("--input", input, "--output", input, "--write-mode", "overwrite", "--force").err())
        .contains("output path 'file:" + input + "' is the input path");
    assertThat(run("--input", input, "--output", input + "/sub").err())
        .contains("output path 'file:" + input + "/sub' is inside the input path");
    Outcome around = run("--input", input, "--output", tempDir.toString(), "--write-mode", "overwrite", "--force");
    assertThat(around.code()).isEqualTo(ExitCode.USAGE);
    assertThat(around.err()).contains("contains the input path");
    assertThat(run("--input", input, "--output", path("o-r"), "--rejects", path("o-r") + "/rejects").err())
        .contains("rejects path 'file:" + path("o-r") + "/rejects' is inside the output path");
  }

  @Test
  void run_singlePrecision_writesFloatResultsOfTheFloatKernel() throws IOException {
    String doubles = write(goodRows(30, 31, "a"), "in-single-src", 2);
    String input = path("in-single");
    spark.read().parquet(doubles).selectExpr("id", "part", "cast(signal as array<float>) as signal",
        "cast(taps as array<float>) as taps").write().parquet(input);
    String output = path("out-single");
    Outcome outcome = run("--input", input, "--output", output, "--precision", "single", "--mode", "valid");
    assertThat(outcome.code()).as(outcome.err()).isEqualTo(ExitCode.SUCCESS);
    Dataset<Row> written = spark.read().parquet(output);
    assertThat(written.schema().apply("result").dataType().simpleString()).isEqualTo("array<float>");
    Map<Long, Row> in = byId(spark.read().parquet(input));
    List<Row> rows = written.collectAsList();
    assertThat(rows).hasSize(30);
    for (Row row : rows) {
      Row original = in.get(row.getLong(0));
      float[] expected = Convolution.convolve(floats(original.getList(2)), floats(original.getList(3)), Mode.VALID);
      assertThat(floats(row.getList(4))).as("row %d", row.getLong(0)).containsExactly(expected);
    }
    assertThat(readSummary(output)).contains("\"precision\": \"single\"");
  }

  @Test
  void run_singlePrecisionOnDoubleInput_exitsWithInputCode() {
    String input = write(goodRows(3, 32, "a"), "in-single-double", 1);
    Outcome outcome = run("--input", input, "--output", path("out-single-double"), "--precision", "single");
    assertThat(outcome.code()).isEqualTo(ExitCode.INPUT);
    assertThat(outcome.err()).contains("--precision single computes float32 operands, but column 'signal' "
        + "(--signal-col) is array<double>");
  }

  private static float[] floats(List<Object> values) {
    float[] a = new float[values.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = ((Number) values.get(i)).floatValue();
    }
    return a;
  }

  /** Both passes read the input; when they see different row counts the run fails instead of losing rows. */
  @ParameterizedTest(name = "max-rejects={0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"unlimited", "50%"})
  void run_inputChangesBetweenPasses_failsAndLeavesNoSuccessMarker(String maxRejects) throws IOException {
    ShrinkingSource.reset();
    String input = Files.createDirectories(tempDir.resolve("shrinking-" + maxRejects.length())).toString();
    String output = path("out-shrinking-" + maxRejects.length());
    Outcome outcome = run("--input", input, "--output", output, "--input-format", ShrinkingSource.class.getName(),
        "--max-rejects", maxRejects);
    assertThat(outcome.code()).as(outcome.err()).isEqualTo(ExitCode.RUNTIME_FAILURE);
    assertThat(outcome.err()).contains("the input changed during the run: one pass read");
    assertThat(exists(output, "_SUCCESS")).isFalse();
  }

  @Test
  void run_missingInput_exitsWithInputCode() {
    Outcome outcome = run("--input", path("does-not-exist"), "--output", path("out-missing"));
    assertThat(outcome.code()).isEqualTo(ExitCode.INPUT);
    assertThat(outcome.err()).contains("input path '" + path("does-not-exist") + "' does not exist (--input)");
  }

  @Test
  void run_missingColumn_exitsWithInputCodeBeforeWriting() {
    String input = write(goodRows(3, 9, "a"), "in-col", 1);
    Outcome outcome = run("--input", input, "--output", path("out-col"), "--taps-col", "filter");
    assertThat(outcome.code()).isEqualTo(ExitCode.INPUT);
    assertThat(outcome.err()).contains("input has no column 'filter' (--taps-col); its columns are [id, part, signal, taps]");
    assertThat(Path.of(path("out-col"))).doesNotExist();
  }

  @Test
  void run_badArgument_exitsWithUsageCodeWithoutSpark() {
    ExitCode code = RowconvMain.execute(new String[] {"--input", "a", "--output", "b", "--mode", "middle"},
        () -> {
          throw new AssertionError("no session should be created for a usage error");
        }, false, System.out, System.err);
    assertThat(code).isEqualTo(ExitCode.USAGE);
  }

  @Test
  void run_sessionFailure_exitsWithRuntimeCode() {
    ExitCode code = RowconvMain.execute(new String[] {"--input", "a", "--output", "b"},
        () -> {
          throw new IllegalStateException("cluster unavailable");
        }, false, System.out, System.err);
    assertThat(code).isEqualTo(ExitCode.RUNTIME_FAILURE);
  }

  @Test
  void run_taskOutOfMemory_addsTheMemoryHint() {
    // how a task's OutOfMemoryError reaches the driver: as text in Spark's job-aborted message
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ExitCode code = RowconvMain.execute(new String[] {"--input", "a", "--output", "b"},
        () -> {
          throw new IllegalStateException("Job aborted due to stage failure: Task 0 in stage 1.0 failed 1 times, "
              + "most recent failure: java.lang.OutOfMemoryError: Java heap space");
        }, false, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(ExitCode.RUNTIME_FAILURE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(RowconvMain.OUT_OF_MEMORY_HINT);
  }

  @Test
  void run_otherFailure_hasNoMemoryHint() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    RowconvMain.execute(new String[] {"--input", "a", "--output", "b"},
        () -> {
          throw new IllegalStateException("cluster unavailable", new java.io.IOException("connection refused"));
        }, false, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("cluster unavailable")
        .doesNotContain(RowconvMain.OUT_OF_MEMORY_HINT);
  }

  @Test
  void ranOutOfMemory_findsTheErrorAsACauseOrTheExecutorsExit() {
    assertThat(RowconvMain.ranOutOfMemory(new RuntimeException("task failed", new OutOfMemoryError("heap"))))
        .isTrue();
    assertThat(RowconvMain.ranOutOfMemory(new RuntimeException("Job aborted due to stage failure: ExecutorLostFailure "
        + "(executor 1 exited caused by one of the running tasks) Reason: Command exited with code 52"))).isTrue();
    assertThat(RowconvMain.ranOutOfMemory(new RuntimeException("Container killed by YARN for exceeding memory "
        + "limits. 5.5 GB of 5.5 GB physical memory used"))).isTrue();
    assertThat(RowconvMain.ranOutOfMemory(new RuntimeException("task failed", new java.io.IOException(
        "Command exited with code 1")))).isFalse();
  }

  @Test
  void unfinishedRunNotice_printsOnlyWhileTheCommandRuns() {
    AtomicBoolean finished = new AtomicBoolean();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Runnable notice = RowconvMain.unfinishedRunNotice(finished::get, new PrintStream(err, true, StandardCharsets.UTF_8));
    notice.run();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(RowconvMain.UNFINISHED_RUN_NOTICE);
    err.reset();
    finished.set(true);
    notice.run();
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void run_noopOutput_computesEveryRowCountsItAndWritesOnlyTheRejects() throws IOException {
    List<Row> rows = new ArrayList<>(goodRows(30, 11, "a"));
    rows.add(RowFactory.create(99L, "a", null, seq(1.0)));
    String input = write(rows, "in-noop", 3);
    String summaryFile = path("noop-summary.json");
    Outcome outcome = run("--input", input, "--output", path("out-noop"), "--output-format", "noop",
        "--summary", summaryFile);
    assertThat(outcome.code()).as(outcome.err()).isEqualTo(ExitCode.SUCCESS);
    assertThat(outcome.out()).contains("read 31 rows, wrote 30, rejected 1");
    assertThat(Files.exists(Path.of(path("out-noop")))).as("noop writes no output folder").isFalse();
    assertThat(ids(spark.read().parquet(path("out-noop") + "_rejects"))).containsExactly(99L);
    assertThat(Files.readString(Path.of(summaryFile))).contains("\"rows_written\": 30", "\"rows_rejected\": 1");
  }

  /**
   * A sink that reports no row count of its own (a V1 relation provider, as jdbc is) and file and V2 sinks are
   * all counted exactly.
   */
  @Test
  void run_everyKindOfSink_countsTheRowsItWasGiven() {
    CollectingSink.reset();
    List<Row> rows = new ArrayList<>(goodRows(25, 9, "a"));
    rows.add(RowFactory.create(99L, "a", seq(1.0, Double.NaN), seq(1.0)));
    String input = write(rows, "in-collect", 3);
    Outcome collected = run("--input", input, "--output", path("out-collect"), "--output-format",
        CollectingSink.class.getName());
    assertThat(collected.code()).as(collected.err()).isEqualTo(ExitCode.SUCCESS);
    assertThat(collected.out()).contains("read 26 rows, wrote 25, rejected 1");
    assertThat(CollectingSink.rows(path("out-collect"))).hasSize(25);
    assertThat(CollectingSink.rows(path("out-collect") + "_rejects")).extracting(r -> r.getLong(0))
        .containsExactly(99L);
    for (String format : List.of("parquet", "noop")) {
      Outcome counted = run("--input", input, "--output", path("out-counted-" + format), "--output-format", format);
      assertThat(counted.code()).as(counted.err()).isEqualTo(ExitCode.SUCCESS);
      assertThat(counted.out()).contains("read 26 rows, wrote 25, rejected 1");
    }
  }

  /** A sink that evaluates its input twice would double every count: the run fails instead of misreporting. */
  @Test
  void run_sinkThatReadsItsInputTwice_failsTheRowAccounting() {
    String input = write(goodRows(6, 8, "a"), "in-twice", 2);
    Outcome outcome = run("--input", input, "--output", path("out-twice"), "--output-format",
        TwiceReadingSink.class.getName());
    assertThat(outcome.code()).as(outcome.err()).isEqualTo(ExitCode.RUNTIME_FAILURE);
    assertThat(outcome.err()).contains("the output pass finished 4 partitions of its 2: its rows were read more "
        + "than once");
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"orc", "json"})
  void run_otherFileFormats_writeTheSameRowsAndCountThem(String format) throws IOException {
    String input = write(goodRows(20, 12, "a"), "in-" + format, 2);
    String output = path("out-" + format);
    Outcome outcome = run("--input", input, "--output", output, "--mode", "full", "--output-format", format, "--compression",
        format.equals("orc") ? "zstd" : "gzip");
    assertThat(outcome.code()).as(outcome.err()).isEqualTo(ExitCode.SUCCESS);
    Map<Long, Row> in = byId(spark.read().parquet(input));
    Map<Long, Row> out = byId(spark.read().format(format).load(output));
    assertThat(out.keySet()).isEqualTo(in.keySet());
    for (Map.Entry<Long, Row> e : out.entrySet()) {
      Row original = in.get(e.getKey());
      Row row = e.getValue();
      Reference.assertWithinMethodContract("id " + e.getKey(), Method.AUTO, Operation.CONVOLVE, Mode.FULL,
          doubles(original.getList(2)), doubles(original.getList(3)), doubles(row.getList(row.fieldIndex("result"))));
    }
    assertThat(readSummary(output)).contains("\"rows_written\": 20");
  }

  @Test
  void run_arrowParquetOutput_writesTheSameRowsAsParquet() throws IOException {
    List<Row> rows = new ArrayList<>(goodRows(40, 13, "a"));
    rows.add(RowFactory.create(98L, "a", seq(1.0, Double.NaN), seq(1.0)));
    String input = write(rows, "in-arrow", 3);
    Outcome arrow = run("--input", input, "--output", path("out-arrow"), "--output-format", "arrow-parquet");
    assertThat(arrow.code()).as(arrow.err()).isEqualTo(ExitCode.SUCCESS);
    assertThat(arrow.out()).contains("read 41 rows, wrote 40, rejected 1");
    Outcome parquet = run("--input", input, "--output", path("out-arrow-ref"));
    assertThat(parquet.code()).as(parquet.err()).isEqualTo(ExitCode.SUCCESS);
    Dataset<Row> a = spark.read().parquet(path("out-arrow"));
    Dataset<Row> b = spark.read().parquet(path("out-arrow-ref"));
    assertThat(a.count()).isEqualTo(40);
    assertThat(a.exceptAll(b).count()).isZero();
    assertThat(b.exceptAll(a).count()).isZero();
    assertThat(ids(spark.read().parquet(path("out-arrow") + "_rejects"))).containsExactly(98L);
    assertThat(readSummary(path("out-arrow"))).contains("\"rows_written\": 40");
    Outcome rerun = run("--input", input, "--output", path("out-arrow"), "--output-format", "arrow-parquet",
        "--write-mode", "overwrite");
    assertThat(rerun.code()).as(rerun.err()).isEqualTo(ExitCode.SUCCESS);
    assertThat(spark.read().parquet(path("out-arrow")).count()).as("overwrite replaces").isEqualTo(40);
  }

  @Test
  void run_arrowParquetWithCodecOrPartitions_isRefusedBeforeWork() {
    Outcome codec = run("--input", "in", "--output", "out", "--output-format", "arrow-parquet", "--compression", "zstd");
    assertThat(codec.code()).isEqualTo(ExitCode.USAGE);
    assertThat(codec.err()).contains("--output-format arrow-parquet writes uncompressed Parquet only");
    Outcome parts = run("--input", "in", "--output", "out", "--output-format", "arrow-parquet", "--partition-by", "part");
    assertThat(parts.code()).isEqualTo(ExitCode.USAGE);
    assertThat(parts.err()).contains("does not write partitioned output");
  }

  @Test
  void help_printsOptionsAndSucceeds() {
    Outcome outcome = run("--help");
    assertThat(outcome.code()).isEqualTo(ExitCode.SUCCESS);
    assertThat(outcome.out()).contains("--write-mode", "--max-rejects", "Exit codes:");
  }

  @Test
  void generate_thenRun_roundTrip() {
    String input = path("generated");
    Outcome gen = run("generate", "--output", input, "--rows", "50", "--n", "64", "--k", "5", "--partitions", "3");
    assertThat(gen.code()).as(gen.err()).isEqualTo(ExitCode.SUCCESS);
    assertThat(spark.read().parquet(input).count()).isEqualTo(50);
    Outcome job = run("--input", input, "--output", path("generated-out"), "--mode", "valid");
    assertThat(job.code()).as(job.err()).isEqualTo(ExitCode.SUCCESS);
    Row row = spark.read().parquet(path("generated-out")).first();
    assertThat(row.getList(3)).hasSize(60);
  }

}
