package io.rowconv.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.rowconv.kernel.Method;
import io.rowconv.kernel.Mode;
import io.rowconv.kernel.Operation;
import io.rowconv.kernel.Reference;
import io.rowconv.spark.JavaArrays;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Filters where users keep them, through the command line: one shared filter (--taps, --taps-file as text,
 * .npy or .json), a taps table joined by key (--taps-table, --taps-key), a bank of filters per row; their
 * refusals and rejects, every count adding up, results against the independent reference.
 */
class TapsSourcesTest extends JobTestSupport {

  private static String signals(String name) {
    String p = path(name);
    spark.sql("select id, cast(id % 5 as int) sensor, 7 site, if(id = 3, cast(null as int), cast(id % 5 as int)) "
        + "maybe_sensor, transform(sequence(0, cast(id % 50 + 20 as int)), i -> sin(i * 0.2 + id)) signal "
        + "from range(40)").repartition(3).write().parquet(p);
    return p;
  }

  private static void assertEveryRowIs(String output, double[] taps, Operation op, Mode mode) {
    for (Row row : spark.read().parquet(output).collectAsList()) {
      Reference.assertWithinMethodContract("id " + row.getLong(0), Method.AUTO, op, mode,
          JavaArrays.doubles(row.getList(row.fieldIndex("signal"))), taps,
          JavaArrays.doubles(row.getList(row.fieldIndex("result"))));
    }
  }

  @Test
  void sharedTaps_inlineAndFromEveryFileFormat_convolveEveryRow() throws IOException {
    String input = signals("shared-in");
    double[] taps = {0.25, 0.5, 0.25, -0.125};
    Outcome inline = run("--input", input, "--output", path("shared-inline"), "--taps", "0.25, 0.5,0.25,-0.125",
        "--mode", "causal");
    assertThat(inline.code()).as(inline.err()).isEqualTo(ExitCode.SUCCESS);
    assertThat(inline.out()).contains("read 40 rows, wrote 40, rejected 0");
    assertEveryRowIs(path("shared-inline"), taps, Operation.CONVOLVE, Mode.CAUSAL);
    assertThat(spark.read().parquet(path("shared-inline")).columns()).containsExactly("id", "sensor", "site",
        "maybe_sensor", "signal", "result");

    Path text = tempDir.resolve("taps.txt");
    Files.writeString(text, "# a smoothing filter\n0.25\n\n0.5\n0.25\n-0.125\n");
    Path json = tempDir.resolve("taps.json");
    Files.writeString(json, "[0.25, 0.5, 0.25, -0.125]");
    Path npy = tempDir.resolve("taps.npy");
    Files.write(npy, npyOf(taps));
    for (Path file : List.of(text, json, npy)) {
      String out = path("shared-" + file.getFileName());
      Outcome outcome = run("--input", input, "--output", out, "--taps-file", file.toString(), "--op", "correlate");
      assertThat(outcome.code()).as(outcome.err()).isEqualTo(ExitCode.SUCCESS);
      assertEveryRowIs(out, taps, Operation.CORRELATE, Mode.SAME);
    }
  }

  @Test
  void sharedTaps_missingEmptyOrNonFinite_areRefusedBeforeAnyWork_namingTheFileAndLineOrIndex() throws IOException {
    String input = signals("shared-bad-in");
    Outcome bad = run("--input", input, "--output", path("sb-1"), "--taps", "0.5,abc,0.5");
    assertThat(bad.code()).isEqualTo(ExitCode.USAGE);
    assertThat(bad.err()).contains("--taps: element 1 'abc' is not a number");
    assertThat(run("--input", input, "--output", path("sb-2"), "--taps", "0.5,NaN").err())
        .contains("--taps: element 1 is NaN: the taps must be finite");

    Outcome missing = run("--input", input, "--output", path("sb-3"), "--taps-file", path("no-such-taps.txt"));
    assertThat(missing.code()).isEqualTo(ExitCode.INPUT);
    assertThat(missing.err()).contains("taps file path '" + path("no-such-taps.txt") + "' does not exist (--taps-file)");
    Path text = tempDir.resolve("bad-taps.txt");
    Files.writeString(text, "0.5\n\nhalf\n");
    Outcome line = run("--input", input, "--output", path("sb-4"), "--taps-file", text.toString());
    assertThat(line.code()).isEqualTo(ExitCode.INPUT);
    assertThat(line.err()).contains("taps file '" + text + "', line 3: 'half' is not a number");
    Path nan = tempDir.resolve("nan-taps.json");
    Files.writeString(nan, "[1.0, 2.0, 1e999]");
    assertThat(run("--input", input, "--output", path("sb-5"), "--taps-file", nan.toString()).err())
        .contains("taps file '" + nan + "': element 2 is Infinity: the taps must be finite");
    Path empty = tempDir.resolve("empty-taps.txt");
    Files.writeString(empty, "# nothing\n");
    assertThat(run("--input", input, "--output", path("sb-6"), "--taps-file", empty.toString()).err())
        .contains("taps file '" + empty + "' holds no numbers (--taps-file)");
    for (String out : List.of("sb-1", "sb-2", "sb-3", "sb-4", "sb-5", "sb-6")) {
      assertThat(Path.of(path(out))).as("nothing written before the refusal").doesNotExist();
    }
    assertThat(run("--input", input, "--output", path("sb-7"), "--taps", "1", "--taps-file", text.toString()).err())
        .contains("--taps, --taps-file and --taps-table each give the taps: choose one");
  }

  @Test
  void tapsTable_eachRowItsKeysFilter_missingAndNullKeysAndBadFiltersRejected_countsAddUp() throws IOException {
    String input = signals("keyed-in");
    String table = path("keyed-taps");
    // sensors 0..2 have good filters, 3 a filter holding NaN, 4 none (and one row has a null key)
    spark.sql("select * from values (0, array(1d, -1d)), (1, array(0.5d, 0.5d, 0.5d)), (2, array(2d)), "
        + "(3, array(1d, double('NaN'))) as t(maybe_sensor, taps)").write().parquet(table);
    String out = path("keyed-out");
    Outcome outcome = run("--input", input, "--output", out, "--taps-table", table, "--taps-key", "maybe_sensor",
        "--mode", "full");
    assertThat(outcome.code()).as(outcome.err()).isEqualTo(ExitCode.SUCCESS);
    Map<Long, Row> written = byId(spark.read().parquet(out));
    Map<Long, Row> rejects = byId(spark.read().parquet(out + "_rejects"));
    assertThat(written.size() + rejects.size()).isEqualTo(40);
    Map<Integer, double[]> filters = Map.of(0, new double[] {1, -1}, 1, new double[] {0.5, 0.5, 0.5}, 2,
        new double[] {2});
    for (Row row : written.values()) {
      int sensor = row.getInt(row.fieldIndex("maybe_sensor"));
      Reference.assertWithinMethodContract("id " + row.getLong(0), Method.AUTO, Operation.CONVOLVE, Mode.FULL,
          JavaArrays.doubles(row.getList(row.fieldIndex("signal"))), filters.get(sensor),
          JavaArrays.doubles(row.getList(row.fieldIndex("result"))));
    }
    assertThat(written.keySet()).allMatch(id -> id % 5 < 3 && id != 3);
    assertThat(rejects.get(3L).getString(rejects.get(3L).fieldIndex("reject_reason"))).isEqualTo("null_key");
    assertThat(rejects.get(3L).getString(rejects.get(3L).fieldIndex("reject_message")))
        .isEqualTo("maybe_sensor: the key is null, so no filter of the taps table applies (--taps-key)");
    assertThat(rejects.get(4L).getString(rejects.get(4L).fieldIndex("reject_message")))
        .isEqualTo("taps: the taps table has no filter for the key maybe_sensor=4");
    assertThat(rejects.get(8L).getString(rejects.get(8L).fieldIndex("reject_reason"))).isEqualTo("non_finite");
    assertThat(readSummary(out)).contains("\"rows_read\": 40", "\"rows_written\": 24", "\"rows_rejected\": 16",
        "\"non_finite\": 7", "\"null_key\": 1", "\"taps_not_found\": 8");
    assertThat(spark.read().parquet(out).columns()).containsExactly("id", "sensor", "site", "maybe_sensor",
        "signal", "result");
  }

  @Test
  void tapsTable_withADuplicatedKey_exits3NamingItBeforeAnyOutput() {
    String input = signals("dup-in");
    String table = path("dup-taps");
    spark.sql("select * from values (0, 7, array(1d)), (1, 7, array(2d)), (1, 7, array(3d)), (1, 8, array(4d)) "
        + "as t(sensor, site, taps)").write().parquet(table);
    Outcome outcome = run("--input", input, "--output", path("dup-out"), "--taps-table", table, "--taps-key",
        "sensor,site");
    assertThat(outcome.code()).as(outcome.err()).isEqualTo(ExitCode.INPUT);
    assertThat(outcome.err()).contains("the taps table holds 2 filters for the key sensor=1, site=7 (--taps-key): "
        + "each key needs exactly one filter");
    assertThat(Path.of(path("dup-out"))).doesNotExist();
    Outcome noKey = run("--input", input, "--output", path("dup-out"), "--taps-table", table);
    assertThat(noKey.err()).contains("--taps-table needs --taps-key COL[,COL...]");
  }

  @Test
  void banksOfFilters_oneResultPerFilter_everyModeAndOperation_andBadFiltersRejectedNamingThem() {
    String input = path("bank-in");
    spark.sql("select id, transform(sequence(0, cast(id % 30 + 40 as int)), i -> cos(i * 0.1 * id)) signal, "
        + "case when id = 5 then array(array(1d), null) when id = 6 then array(array(1d), array()) "
        + "when id = 7 then array(array(1d), array(1d, double('NaN'))) "
        + "else transform(sequence(1, cast(id % 6 + 1 as int)), f -> transform(sequence(1, f * 3), "
        + "j -> 1d / (j + f))) end taps from range(30)").write().parquet(input);
    for (Operation op : Operation.values()) {
      for (Mode mode : Mode.values()) {
        String out = path("bank-out-" + op + "-" + mode);
        Outcome outcome = run("--input", input, "--output", out, "--op", op.cliName(), "--mode", mode.cliName());
        assertThat(outcome.code()).as(outcome.err()).isEqualTo(ExitCode.SUCCESS);
        assertThat(outcome.out()).contains("read 30 rows, wrote 27, rejected 3");
        List<Row> rows = spark.read().parquet(out).collectAsList();
        assertThat(spark.read().parquet(out).schema().apply("result").dataType().simpleString())
            .isEqualTo("array<array<double>>");
        for (Row row : rows) {
          List<Object> filters = row.getList(2);
          List<Object> results = row.getList(3);
          assertThat(results).hasSameSizeAs(filters);
          for (int f = 0; f < filters.size(); f++) {
            Reference.assertWithinMethodContract("id " + row.getLong(0) + " filter " + f, Method.AUTO, op, mode,
                JavaArrays.doubles(row.getList(1)), JavaArrays.doubles(filters.get(f)),
                JavaArrays.doubles(results.get(f)));
          }
        }
      }
    }
    Map<Long, Row> rejects = byId(spark.read().parquet(path("bank-out-CONVOLVE-SAME") + "_rejects"));
    assertThat(rejects.get(5L).getString(4)).isEqualTo("taps: filter 1 is null");
    assertThat(rejects.get(6L).getString(4)).isEqualTo("taps: filter 1: array is empty (scipy raises on empty input)");
    assertThat(rejects.get(7L).getString(4)).startsWith("taps: filter 1, element 1 is NaN");
  }

  /** {@code np.save} of a 1-D float64 array, written here byte for byte as numpy writes it. */
  private static byte[] npyOf(double[] values) {
    String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + values.length + ",), }";
    int headerLength = 118 - 10; // padded so that the data starts at a multiple of 64, as numpy pads
    StringBuilder header = new StringBuilder(dict);
    while (header.length() < headerLength - 1) {
      header.append(' ');
    }
    header.append('\n');
    ByteBuffer buffer = ByteBuffer.allocate(10 + header.length() + 8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    buffer.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    buffer.putShort((short) header.length()).put(header.toString().getBytes(StandardCharsets.US_ASCII));
    for (double v : values) {
      buffer.putDouble(v);
    }
    return buffer.array();
  }
}
