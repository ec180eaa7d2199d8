package io.rowconv.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.rowconv.kernel.Method;
import io.rowconv.kernel.Mode;
import io.rowconv.kernel.Operation;
import io.rowconv.kernel.Reference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Bad input never crashes the job and never loses a row. */
class RejectsTest extends JobTestSupport {

  private static final Double NAN = Double.NaN;
  private static final Double INF = Double.POSITIVE_INFINITY;

  /** id -> {reason, message} for every bad row of the corpus (max-length 50). */
  private static final Map<Long, String[]> EXPECTED = Map.ofEntries(
      Map.entry(1L, new String[] {"null_array", "signal: value is null"}),
      Map.entry(2L, new String[] {"null_array", "taps: value is null"}),
      Map.entry(3L, new String[] {"empty_array", "signal: array is empty (scipy raises on empty input)"}),
      Map.entry(4L, new String[] {"empty_array", "taps: array is empty (scipy raises on empty input)"}),
      Map.entry(5L, new String[] {"null_element", "signal: element 2 is null"}),
      Map.entry(6L, new String[] {"null_element", "taps: element 0 is null"}),
      Map.entry(7L, new String[] {"non_finite", "signal: element 3 is NaN (use --non-finite propagate to compute "
          + "such rows as scipy's direct method does)"}),
      Map.entry(8L, new String[] {"non_finite", "signal: element 0 is Infinity (use --non-finite propagate to "
          + "compute such rows as scipy's direct method does)"}),
      Map.entry(9L, new String[] {"non_finite", "taps: element 1 is -Infinity (use --non-finite propagate to "
          + "compute such rows as scipy's direct method does)"}),
      Map.entry(10L, new String[] {"too_long", "signal: length 51 exceeds the limit 50 (--max-length)"}),
      Map.entry(11L, new String[] {"too_long", "taps: length 60 exceeds the limit 50 (--max-length)"}),
      Map.entry(12L, new String[] {"null_element", "signal: element 0 is null"}));

  private static List<Row> corpus() {
    List<Row> rows = new ArrayList<>();
    Double[] good = {1.0, 2.0, 3.0, 4.0, 5.0};
    Double[] taps = {0.5, -1.0, 0.25};
    rows.add(row(1, null, taps));
    rows.add(row(2, good, null));
    rows.add(row(3, new Double[0], taps));
    rows.add(row(4, good, new Double[0]));
    rows.add(row(5, new Double[] {1.0, 2.0, null, 4.0}, taps));
    rows.add(row(6, good, new Double[] {null, 1.0}));
    rows.add(row(7, new Double[] {1.0, 2.0, 3.0, NAN, NAN}, taps));
    rows.add(row(8, new Double[] {INF, 2.0}, taps));
    rows.add(row(9, good, new Double[] {1.0, -INF, NAN}));
    rows.add(row(10, filled(51), taps));
    rows.add(row(11, good, filled(60)));
    rows.add(row(12, new Double[] {null}, null));
    SplittableRandom random = new SplittableRandom(5);
    for (long id = 100; id < 140; id++) {
      int n = 1 + random.nextInt(50);
      int k = 1 + random.nextInt(50); // k > n included
      Double[] x = new Double[n];
      Double[] h = new Double[k];
      for (int i = 0; i < n; i++) {
        x[i] = random.nextDouble();
      }
      for (int i = 0; i < k; i++) {
        h[i] = random.nextDouble();
      }
      rows.add(row(id, x, h));
    }
    return rows;
  }

  @Test
  void run_badInputCorpus_everyRowInExactlyOnePlaceWithReason() throws Exception {
    String input = write(corpus(), "corpus", 4);
    String output = path("corpus-out");
    Outcome outcome = run("--input", input, "--output", output, "--max-length", "50", "--mode", "full");
    assertThat(outcome.code()).as(outcome.err()).isEqualTo(ExitCode.SUCCESS);

    Map<Long, Row> rejects = byId(spark.read().parquet(output + "_rejects"));
    Map<Long, Row> written = byId(spark.read().parquet(output));
    assertThat(rejects.keySet()).isEqualTo(EXPECTED.keySet());
    for (Map.Entry<Long, String[]> e : EXPECTED.entrySet()) {
      Row reject = rejects.get(e.getKey());
      assertThat(reject.getString(reject.fieldIndex("reject_reason"))).as("reason of id %d", e.getKey())
          .isEqualTo(e.getValue()[0]);
      assertThat(reject.getString(reject.fieldIndex("reject_message"))).as("message of id %d", e.getKey())
          .isEqualTo(e.getValue()[1]);
    }
    assertThat(rejects.get(5L).getList(2)).containsExactly(1.0, 2.0, null, 4.0); // original values, unchanged
    assertThat(written).hasSize(40);
    Map<Long, Row> in = byId(spark.read().parquet(input));
    for (Row row : written.values()) {
      Row original = in.get(row.getLong(0));
      Reference.assertWithinMethodContract("id " + row.getLong(0), Method.AUTO, Operation.CONVOLVE, Mode.FULL,
          doubles(original.getList(2)), doubles(original.getList(3)), doubles(row.getList(4)));
    }
    assertThat(readSummary(output)).contains("\"rows_read\": 52", "\"rows_written\": 40", "\"rows_rejected\": 12",
        "\"rejected_by_reason\": {\"empty_array\": 2, \"non_finite\": 3, \"null_array\": 2, \"null_element\": 3, "
            + "\"too_long\": 2}");
  }

  @Test
  void run_nonFinitePropagate_computesLikeScipyDirect() {
    List<Row> rows = List.of(
        row(1, new Double[] {0.0, 1.0, NAN, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
            0.0, 0.0, 2.0}, new Double[] {1.0, 2.0, 3.0}),
        row(2, new Double[] {1.0, 2.0}, new Double[] {INF, 1.0}));
    String input = write(rows, "nonfinite", 1);
    String output = path("nonfinite-out");
    Outcome outcome = run("--input", input, "--output", output, "--non-finite", "propagate", "--mode", "full");
    assertThat(outcome.code()).as(outcome.err()).isEqualTo(ExitCode.SUCCESS);
    Map<Long, Row> written = byId(spark.read().parquet(output));
    double[] y1 = doubles(written.get(1L).getList(4));
    for (int i = 0; i < y1.length; i++) {
      assertThat(Double.isNaN(y1[i])).as("sample %d", i).isEqualTo(i >= 2 && i <= 4);
    }
    assertThat(y1[y1.length - 1]).isEqualTo(6.0);
    assertThat(doubles(written.get(2L).getList(4))).containsExactly(INF, INF, 2.0);
  }

  /**
   * Finite operands whose result overflows: scipy gives [inf, nan, nan] for this row, the exact result is
   * [overflow, 0, 0]. It is rejected naming the first non-finite sample, counted, and kept with propagate.
   */
  @Test
  void run_finiteRowWhoseResultOverflows_isRejectedUnlessPropagate() throws java.io.IOException {
    List<Row> rows = List.of(
        row(1, new Double[] {1e308, -1e308, 1e308}, new Double[] {2.0, 2.0}),
        row(2, new Double[] {1e300, 1e300}, new Double[] {1e7, 1.0}), // large, but its result is finite
        row(3, new Double[] {1.0, 2.0, 3.0}, new Double[] {0.5, 0.5}));
    String input = write(rows, "overflow", 2);
    String output = path("overflow-out");
    Outcome outcome = run("--input", input, "--output", output, "--mode", "same");
    assertThat(outcome.code()).as(outcome.err()).isEqualTo(ExitCode.SUCCESS);
    assertThat(outcome.out()).contains("read 3 rows, wrote 2, rejected 1");
    Row reject = byId(spark.read().parquet(output + "_rejects")).get(1L);
    assertThat(reject.getString(4)).isEqualTo("non_finite_result");
    assertThat(reject.getString(5)).isEqualTo("result: element 0 is Infinity although signal and taps are finite "
        + "(the sum overflows the number type; use --non-finite propagate to keep such rows as scipy computes them)");
    Map<Long, Row> written = byId(spark.read().parquet(output));
    assertThat(written.keySet()).containsExactlyInAnyOrder(2L, 3L);
    assertThat(doubles(written.get(2L).getList(4))).containsExactly(new double[] {1e307, 1.0000001e307},
        org.assertj.core.data.Offset.offset(1e295));
    assertThat(readSummary(output)).contains("\"rejected_by_reason\": {\"non_finite_result\": 1}");

    Outcome kept = run("--input", input, "--output", path("overflow-kept"), "--non-finite", "propagate");
    assertThat(kept.code()).as(kept.err()).isEqualTo(ExitCode.SUCCESS);
    assertThat(kept.out()).contains("read 3 rows, wrote 3, rejected 0");
    double[] y = doubles(byId(spark.read().parquet(path("overflow-kept"))).get(1L).getList(4));
    assertThat(y[0]).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void run_intArrayWithNullElement_isRejected() {
    StructType schema = new StructType()
        .add("id", DataTypes.LongType, false)
        .add("signal", DataTypes.createArrayType(DataTypes.IntegerType, true))
        .add("taps", DataTypes.createArrayType(DataTypes.IntegerType, true));
    List<Row> rows = List.of(
        RowFactory.create(1L, seqOf(1, 2, 3), seqOf(1, 1)),
        RowFactory.create(2L, seqOf(1, null, 3), seqOf(1, 1)));
    String input = path("int-null");
    spark.createDataFrame(rows, schema).write().parquet(input);
    String output = path("int-null-out");
    Outcome outcome = run("--input", input, "--output", output, "--mode", "full");
    assertThat(outcome.code()).as(outcome.err()).isEqualTo(ExitCode.SUCCESS);
    assertThat(spark.read().parquet(output).first().getList(3)).containsExactly(1.0, 3.0, 5.0, 3.0);
    Row reject = spark.read().parquet(output + "_rejects").first();
    assertThat(reject.getString(3)).isEqualTo("null_element");
    assertThat(reject.getString(4)).isEqualTo("signal: element 1 is null");
  }

  @Test
  void run_strictModeExceeded_exits4WithoutOutput() {
    String input = write(corpus(), "strict", 3);
    String output = path("strict-out");
    Outcome outcome = run("--input", input, "--output", output, "--max-length", "50", "--max-rejects", "0");
    assertThat(outcome.code()).isEqualTo(ExitCode.REJECT_LIMIT);
    assertThat(outcome.err()).contains("12 of 52 rows were rejected, more than --max-rejects 0 allows; "
        + "no output was written");
    assertThat(Path.of(output, "_SUCCESS")).doesNotExist();
    assertThat(spark.read().parquet(output + "_rejects").count()).isEqualTo(12);

    Outcome lenient = run("--input", input, "--output", path("strict-out-2"), "--max-length", "50",
        "--max-rejects", "25%");
    assertThat(lenient.code()).as(lenient.err()).isEqualTo(ExitCode.SUCCESS);
    Outcome fraction = run("--input", input, "--output", path("strict-out-3"), "--max-length", "50",
        "--max-rejects", "0.2");
    assertThat(fraction.code()).isEqualTo(ExitCode.REJECT_LIMIT);
  }

  /** Seeded random malformed rows across partitions: nothing is lost, nothing duplicated, reasons right. */
  @Test
  void run_randomMalformedRows_nothingLost() {
    SplittableRandom random = new SplittableRandom(20261125);
    List<Row> rows = new ArrayList<>();
    Map<Long, String> expectedReason = new java.util.HashMap<>();
    for (long id = 0; id < 600; id++) {
      Double[][] operands = new Double[2][];
      for (int which = 0; which < 2; which++) {
        operands[which] = randomArray(random);
      }
      rows.add(row(id, operands[0], operands[1]));
      String reason = classify(operands[0]);
      expectedReason.put(id, reason != null ? reason : classify(operands[1]));
    }
    String input = write(rows, "random-bad", 5);
    String output = path("random-bad-out");
    Outcome outcome = run("--input", input, "--output", output, "--max-length", "40", "--mode", "valid");
    assertThat(outcome.code()).as(outcome.err()).isEqualTo(ExitCode.SUCCESS);
    Map<Long, Row> written = byId(spark.read().parquet(output));
    Map<Long, Row> rejects = byId(spark.read().parquet(output + "_rejects"));
    Set<Long> all = new HashSet<>(written.keySet());
    all.addAll(rejects.keySet());
    assertThat(all).hasSize(600);
    assertThat(written.size() + rejects.size()).isEqualTo(600);
    for (Map.Entry<Long, String> e : expectedReason.entrySet()) {
      if (e.getValue() == null) {
        assertThat(written).as("good row %d", e.getKey()).containsKey(e.getKey());
      } else {
        assertThat(rejects).as("bad row %d", e.getKey()).containsKey(e.getKey());
        assertThat(rejects.get(e.getKey()).getString(4)).as("reason of %d", e.getKey()).isEqualTo(e.getValue());
      }
    }
    assertThat(written.size()).isBetween(100, 500);
  }

  private static Double[] randomArray(SplittableRandom random) {
    int kind = random.nextInt(10);
    if (kind == 0) {
      return null;
    }
    int length = kind == 1 ? 0 : kind == 2 ? 41 + random.nextInt(10) : 1 + random.nextInt(40);
    Double[] a = new Double[length];
    for (int i = 0; i < length; i++) {
      a[i] = random.nextDouble() - 0.5;
    }
    if (length > 0 && kind == 3) {
      a[random.nextInt(length)] = null;
    } else if (length > 0 && kind == 4) {
      Double[] specials = {NAN, INF, -INF};
      a[random.nextInt(length)] = specials[random.nextInt(3)];
    }
    return a;
  }

  /** The documented rules, written independently of the SQL: first failing check wins. */
  private static String classify(Double[] a) {
    if (a == null) {
      return "null_array";
    }
    if (a.length == 0) {
      return "empty_array";
    }
    if (a.length > 40) {
      return "too_long";
    }
    for (Double d : a) {
      if (d == null) {
        return "null_element";
      }
    }
    for (Double d : a) {
      if (!Double.isFinite(d)) {
        return "non_finite";
      }
    }
    return null;
  }

  private static Row row(long id, Double[] signal, Double[] taps) {
    return RowFactory.create(id, "p" + (id % 3), signal == null ? null : seq(signal), taps == null ? null : seq(taps));
  }

  private static Double[] filled(int length) {
    Double[] a = new Double[length];
    java.util.Arrays.fill(a, 1.0);
    return a;
  }

  private static scala.collection.Seq<Integer> seqOf(Integer... values) {
    return scala.jdk.javaapi.CollectionConverters.asScala(java.util.Arrays.asList(values)).toSeq();
  }
}
