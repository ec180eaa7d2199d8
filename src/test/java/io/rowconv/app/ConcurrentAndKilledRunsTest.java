package io.rowconv.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Runs as a scheduler and an operator meet them, each its own JVM: two runs on one output (started together,
 * and a few seconds apart), and a run killed with SIGKILL mid-write, then the same command again. Whatever
 * happens, no folder holds a wrong output marked successful, and the rows on disk are the summary's.
 */
class ConcurrentAndKilledRunsTest extends JobTestSupport {

  private static final String SLOW = SlowSource.class.getName();

  @Test
  void twoRunsStartedTogether_oneWritesTheOtherExits2NamingTheHolder() throws Exception {
    assertOneWinsOneRefused("together", 0);
  }

  @Test
  void twoRunsStartedTwoSecondsApart_oneWritesTheOtherExits2NamingTheHolder() throws Exception {
    assertOneWinsOneRefused("staggered", 2000);
  }

  private void assertOneWinsOneRefused(String name, long staggerMillis) throws Exception {
    String input = Files.createDirectories(tempDir.resolve("slow-in-" + name)).toString();
    String output = path("race-" + name);
    String[] command = {"--input", input, "--input-format", SLOW, "--output", output, "--write-mode", "overwrite"};
    JobProcesses.Job first = JobProcesses.start(tempDir.resolve("logs"), name + "-1", command);
    Thread.sleep(staggerMillis);
    JobProcesses.Job second = JobProcesses.start(tempDir.resolve("logs"), name + "-2", command);
    int a = first.awaitExit();
    int b = second.awaitExit();
    assertThat(List.of(a, b)).as(first.stderr() + "\n----\n" + second.stderr()).containsExactlyInAnyOrder(0, 2);
    JobProcesses.Job refused = a == 2 ? first : second;
    assertThat(refused.stderr()).contains("rowconv: error: --output folder '", "' is claimed by run ",
        "another rowconv run is writing it");
    assertOutputIsTheSummarys(output);
  }

  @Test
  void runKilledMidOverwriteOfAGoodOutput_leavesNoSuccessMarker_andTheSameCommandSucceeds() throws Exception {
    String output = path("killed");
    String good = write(List.of(org.apache.spark.sql.RowFactory.create(1L, "a", seq(1.0, 2.0), seq(0.5))),
        "killed-earlier-in", 1);
    assertThat(run("--input", good, "--output", output).code()).isEqualTo(ExitCode.SUCCESS);
    assertThat(Path.of(output + "_rejects", "_SUCCESS")).exists();

    String input = Files.createDirectories(tempDir.resolve("slow-in-killed")).toString();
    String[] command = {"--input", input, "--input-format", SLOW, "--output", output, "--write-mode", "overwrite"};
    JobProcesses.Job killed = JobProcesses.start(tempDir.resolve("logs"), "killed", command);
    awaitWriting(Path.of(output), killed);
    killed.kill();

    for (String folder : List.of(output, output + "_rejects")) {
      assertThat(Path.of(folder, "_SUCCESS")).as(folder).doesNotExist();
      assertThat(Path.of(folder, OutputFolder.SUMMARY)).as(folder).doesNotExist();
      assertThat(Path.of(folder, OutputClaim.NAME)).as(folder + ": the in-progress marker").exists();
    }

    JobProcesses.Job rerun = JobProcesses.start(tempDir.resolve("logs"), "killed-rerun", command);
    assertThat(rerun.awaitExit()).as(rerun.stderr()).isEqualTo(0);
    assertOutputIsTheSummarys(output);
  }

  /** Waits until the run has claimed the folder and its tasks write their files, then some more. */
  private static void awaitWriting(Path folder, JobProcesses.Job job) throws Exception {
    for (int i = 0; i < 1200; i++) {
      if (Files.exists(folder.resolve(OutputClaim.NAME)) && Files.exists(folder.resolve("_temporary"))) {
        Thread.sleep(1000);
        return;
      }
      if (!job.process().isAlive()) {
        throw new AssertionError("the job ended before it wrote: " + job.stderr());
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the job did not start writing within 60 s: " + job.stderr());
  }

  /** The folders hold exactly the rows the summary says, each id once, marked successful, no claim left. */
  private static void assertOutputIsTheSummarys(String output) throws Exception {
    Dataset<Row> rows = spark.read().parquet(output);
    Dataset<Row> rejects = spark.read().parquet(output + "_rejects");
    assertThat(rows.count()).isEqualTo(SlowSource.ROWS - 1);
    assertThat(rows.select("id").distinct().count()).isEqualTo(SlowSource.ROWS - 1);
    assertThat(ids(rejects)).containsExactly(5L);
    for (String folder : List.of(output, output + "_rejects")) {
      assertThat(Path.of(folder, "_SUCCESS")).exists();
      assertThat(Path.of(folder, OutputClaim.NAME)).doesNotExist();
      assertThat(readSummary(folder)).contains("\"status\": \"succeeded\"", "\"rows_read\": " + SlowSource.ROWS,
          "\"rows_written\": " + (SlowSource.ROWS - 1), "\"rows_rejected\": 1",
          "\"verified\": {\"output_rows\": " + (SlowSource.ROWS - 1) + ", \"rejects_rows\": 1");
    }
  }
}
