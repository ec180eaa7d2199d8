package io.rowconv.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a run leaves in its folders: its own {@code _SUCCESS} and summary once its rows are counted in the files;
 * a failed run's summary and claim, which the same command's rerun recognises and clears; input files that
 * disagree or are broken as input errors (exit 3, a few lines naming the file).
 */
class RunLifecycleTest extends JobTestSupport {

  private static String input(String name, String signalType, int rows) {
    String p = path(name);
    spark.sql("select id, 'a' part, transform(sequence(1, 40), i -> cast(i * (id + 1) as " + signalType
        + ")) signal, array(0.5d, 0.25d) taps from range(" + rows + ")").coalesce(1).write().mode("overwrite")
        .parquet(p);
    return p;
  }

  private static Path dataFile(String folder) throws IOException {
    try (Stream<Path> files = Files.list(Path.of(folder))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
  }

  @Test
  void run_succeeds_withItsOwnMarkersCountedRowsAndNoClaimLeft() throws IOException {
    String in = input("life-in", "double", 30);
    String out = path("life-out");
    Outcome outcome = run("--input", in, "--output", out);
    assertThat(outcome.code()).as(outcome.err()).isEqualTo(ExitCode.SUCCESS);
    for (String folder : List.of(out, out + "_rejects")) {
      assertThat(Path.of(folder, "_SUCCESS")).exists();
      assertThat(Path.of(folder, OutputClaim.NAME)).doesNotExist();
      assertThat(readSummary(folder)).contains("\"status\": \"succeeded\"",
          "\"verified\": {\"output_rows\": 30, \"rejects_rows\": 0, \"how\": \"Parquet footers\"}");
    }
    assertThat(outcome.out()).contains("verified: 30 rows in the output, 0 in the rejects, by Parquet footers");
  }

  @Test
  void run_inputFilesThatDisagree_exit3NamingFileColumnAndTypes_andTheRerunIsNotBlocked() throws IOException {
    Path mixed = Files.createDirectories(tempDir.resolve("mixed-in"));
    Files.copy(dataFile(input("mixed-a", "double", 5)), mixed.resolve("a.parquet"));
    Files.copy(dataFile(input("mixed-b", "bigint", 5)), mixed.resolve("b.parquet"));
    String out = path("mixed-out");
    for (int attempt = 0; attempt < 2; attempt++) {
      Outcome outcome = run("--input", mixed.toString(), "--output", out);
      assertThat(outcome.code()).as(outcome.err()).isEqualTo(ExitCode.INPUT);
      assertThat(outcome.err()).contains("rowconv: error: the input's files disagree: in file:///"
          + mixed.toString().substring(1) + "/b.parquet the column [signal, list, element] is INT64 (Parquet), "
          + "where the input's schema, taken from another file, has double.");
      assertThat(outcome.err().lines().count()).as(outcome.err()).isLessThanOrEqualTo(3);
      assertThat(readSummary(out)).contains("\"status\": \"failed\"", "the input's files disagree");
      assertThat(Path.of(out, "_SUCCESS")).doesNotExist();
    }
    Outcome verbose = run("--input", mixed.toString(), "--output", out, "--verbose");
    assertThat(verbose.err()).contains("PARQUET_COLUMN_DATA_TYPE_MISMATCH", "\tat ");
  }

  @Test
  void run_truncatedOrForeignFiles_exit3NamingTheFile() throws IOException {
    Path good = dataFile(input("broken-src", "double", 5));
    Path truncated = Files.createDirectories(tempDir.resolve("truncated-in"));
    Files.copy(good, truncated.resolve("a.parquet"));
    byte[] bytes = Files.readAllBytes(good);
    Files.write(truncated.resolve("b.parquet"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
    Outcome cut = run("--input", truncated.toString(), "--output", path("truncated-out"));
    assertThat(cut.code()).as(cut.err()).isEqualTo(ExitCode.INPUT);
    assertThat(cut.err()).contains("cannot read the input file file:///" + truncated.toString().substring(1)
        + "/b.parquet: ", "is not a Parquet file");

    // a text file named .parquet that Spark reads first, for the schema: refused before any folder is made
    Path text = Files.createDirectories(tempDir.resolve("text-in"));
    Files.writeString(text.resolve("a.parquet"), "id,signal\n1,\"[1,2]\"\n");
    Files.copy(good, text.resolve("b.parquet"));
    Outcome foreign = run("--input", text.toString(), "--output", path("text-out"));
    assertThat(foreign.code()).as(foreign.err()).isEqualTo(ExitCode.INPUT);
    assertThat(foreign.err()).contains(text + "/a.parquet", "is not a Parquet file");
    assertThat(Path.of(path("text-out"))).doesNotExist();
  }

  /** A run that died mid-write on this host left its claim and part files: the same command takes over. */
  @Test
  void run_leftoverOfADeadRun_isRecognisedAndClearedByTheSameCommand() throws Exception {
    String in = input("dead-in", "double", 12);
    String out = path("dead-out");
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    for (String folder : List.of(out, out + "_rejects")) {
      Files.createDirectories(Path.of(folder, "_temporary", "0"));
      Files.copy(dataFile(in), Path.of(folder, "part-00000-dead.snappy.parquet"), StandardCopyOption.REPLACE_EXISTING);
      Files.write(Path.of(folder, OutputClaim.NAME), new com.fasterxml.jackson.databind.ObjectMapper()
          .writeValueAsBytes(new OutputClaim.Holder("dead-run", "app-dead",
              java.net.InetAddress.getLocalHost().getHostName(), gone.pid(), "2026-01-01T00:00:00Z",
              "2026-01-01T00:00:00Z", "running", "error", List.of())));
    }
    Outcome outcome = run("--input", in, "--output", out); // the default --write-mode error
    assertThat(outcome.code()).as(outcome.err()).isEqualTo(ExitCode.SUCCESS);
    assertThat(Path.of(out, "part-00000-dead.snappy.parquet")).doesNotExist();
    assertThat(Path.of(out, "_temporary")).doesNotExist();
    assertThat(spark.read().parquet(out).count()).isEqualTo(12);
    assertThat(readSummary(out)).contains("\"rows_written\": 12", "\"output_rows\": 12");
  }

  /**
   * A run killed right after claiming a finished output, before it recorded what it keeps, wrote nothing: the
   * next run takes its claim over and keeps every earlier row and marker instead of clearing them as its own.
   */
  @Test
  void run_leftoverOfARunKilledBeforeItRecordedWhatItKeeps_keepsTheEarlierOutput() throws Exception {
    String in = input("kept-in", "double", 12);
    String out = path("kept-out");
    assertThat(run("--input", in, "--output", out).code()).isEqualTo(ExitCode.SUCCESS);
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    // what a run's claim holds right after claiming (OutputClaim.Holder.ofThisProcess), from a process now dead
    List<String> justClaimed = OutputClaim.Holder.ofThisProcess("app-killed", "append").keptFiles();
    for (String folder : List.of(out, out + "_rejects")) {
      Files.write(Path.of(folder, OutputClaim.NAME), new com.fasterxml.jackson.databind.ObjectMapper()
          .writeValueAsBytes(new OutputClaim.Holder("killed-run", "app-killed",
              java.net.InetAddress.getLocalHost().getHostName(), gone.pid(), "2026-01-01T00:00:00Z",
              "2026-01-01T00:00:00Z", "running", "append", justClaimed)));
    }
    Outcome outcome = run("--input", in, "--output", out, "--write-mode", "append");
    assertThat(outcome.code()).as(outcome.err()).isEqualTo(ExitCode.SUCCESS);
    assertThat(spark.read().parquet(out).count()).as("the earlier 12 rows and the appended 12").isEqualTo(24);
  }

  /** Partition folders whose column starts with "_" (such as _day=1) are data Spark reads: counted, not hidden. */
  @Test
  void run_partitionColumnStartingWithAnUnderscore_countsItsFiles() throws IOException {
    String in = path("underscore-in");
    spark.sql("select id, cast(id % 2 as int) _day, transform(sequence(1, 20), i -> cast(i + id as double)) "
        + "signal, array(0.5d, 0.25d) taps from range(10)").coalesce(1).write().mode("overwrite").parquet(in);
    String out = path("underscore-out");
    Outcome outcome = run("--input", in, "--output", out, "--partition-by", "_day");
    assertThat(outcome.code()).as(outcome.err()).isEqualTo(ExitCode.SUCCESS);
    assertThat(Path.of(out, "_day=0")).isDirectory();
    assertThat(readSummary(out)).contains("\"output_rows\": 10");
  }

  /** Rows that appear in the output folder from elsewhere during the run: the counted files disagree, it fails. */
  @Test
  void run_filesAddedByAnotherWriterDuringTheRun_failWithoutSuccess() throws Exception {
    String in = path("intruder-in");
    spark.sql("select id, 'a' part, if(id = 3, array(), array(1d, 2d, 3d)) signal, array(0.5d) taps from range(20)")
        .repartition(2).write().parquet(in);
    String out = path("intruder-out");
    Path extra = dataFile(input("intruder-extra", "double", 7));
    Thread intruder = new Thread(() -> {
      // as soon as the output's first data file lands, while the run still writes its rejects
      try {
        for (int i = 0; i < 3000; i++) {
          if (Files.isDirectory(Path.of(out)) && dataFiles(out) > 0) {
            Files.copy(extra, Path.of(out, "part-99999-intruder.snappy.parquet"));
            return;
          }
          Thread.sleep(5);
        }
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    intruder.start();
    Outcome outcome = run("--input", in, "--output", out);
    intruder.join();
    assertThat(outcome.code()).as(outcome.err()).isEqualTo(ExitCode.RUNTIME_FAILURE);
    assertThat(outcome.err()).contains("the files this run committed to " + "file:" + out + " hold 26 rows, but it "
        + "wrote 19");
    assertThat(Path.of(out, "_SUCCESS")).doesNotExist();
    assertThat(readSummary(out)).contains("\"status\": \"failed\"", "\"rows_written\": 19", "hold 26 rows");
  }

  private static long dataFiles(String folder) throws IOException {
    try (Stream<Path> files = Files.list(Path.of(folder))) {
      return files.filter(f -> f.getFileName().toString().startsWith("part-")).count();
    }
  }
}
