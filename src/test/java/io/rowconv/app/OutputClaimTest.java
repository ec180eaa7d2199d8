package io.rowconv.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rowconv.spark.UserError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The claim on a folder: exclusive, naming its holder, lapsing when its holder is gone, taken over then. */
class OutputClaimTest {

  private static final Duration EXPIRY = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  private FileSystem fs() throws Exception {
    return FileSystem.getLocal(new Configuration());
  }

  private org.apache.hadoop.fs.Path folder(String name) {
    return new org.apache.hadoop.fs.Path("file:" + dir.resolve(name));
  }

  @Test
  void acquire_liveClaimOfAnotherRun_isRefusedNamingItsHolderAndHowToClearIt() throws Exception {
    OutputClaim.Holder first = OutputClaim.Holder.ofThisProcess("app-1", "error");
    OutputClaim.Acquired acquired = OutputClaim.acquire(fs(), folder("out"), first, EXPIRY, "--output");
    assertThat(acquired.previous()).isNull();
    assertThat(dir.resolve("out").resolve(OutputClaim.NAME)).exists();

    OutputClaim.Holder second = OutputClaim.Holder.ofThisProcess("app-2", "error");
    assertThatThrownBy(() -> OutputClaim.acquire(fs(), folder("out"), second, EXPIRY, "--output"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("--output folder '" + folder("out") + "' is claimed by run " + first.runId()
            + " (application app-1, host ")
        .hasMessageContaining("another rowconv run is writing it")
        .hasMessageContaining("lapses 60 s after its last renewal (--claim-expiry")
        .hasMessageContaining("or remove " + new org.apache.hadoop.fs.Path(folder("out"), OutputClaim.NAME)
            + " yourself");

    acquired.claim().release();
    assertThat(dir.resolve("out").resolve(OutputClaim.NAME)).doesNotExist();
    assertThat(OutputClaim.acquire(fs(), folder("out"), second, EXPIRY, "--output").previous()).isNull();
  }

  @Test
  void acquire_manyAtOnce_exactlyOneWins() throws Exception {
    int contenders = 8;
    ExecutorService pool = Executors.newFixedThreadPool(contenders);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> outcomes = new ArrayList<>();
    for (int i = 0; i < contenders; i++) {
      OutputClaim.Holder me = OutputClaim.Holder.ofThisProcess("app-" + i, "error");
      outcomes.add(pool.submit(() -> {
        start.await();
        try {
          OutputClaim.acquire(fs(), folder("race"), me, EXPIRY, "--output");
          return true;
        } catch (UserError e) {
          return false;
        }
      }));
    }
    start.countDown();
    int winners = 0;
    for (Future<Boolean> outcome : outcomes) {
      winners += outcome.get() ? 1 : 0;
    }
    pool.shutdown();
    assertThat(winners).isEqualTo(1);
  }

  @Test
  void acquire_failedOrDeadOrExpiredClaim_isTakenOverAndDescribesTheLeftover() throws Exception {
    // a failed run's claim
    OutputClaim.Holder failed = OutputClaim.Holder.ofThisProcess("app-failed", "append");
    OutputClaim first = OutputClaim.acquire(fs(), folder("f"), failed, EXPIRY, "--output").claim();
    first.keepFiles(List.of("part-0.parquet"));
    first.markFailed();
    OutputClaim.Acquired next = OutputClaim.acquire(fs(), folder("f"), OutputClaim.Holder.ofThisProcess("b", "error"),
        EXPIRY, "--output");
    assertThat(next.previous().runId()).isEqualTo(failed.runId());
    assertThat(next.previous().keptFiles()).containsExactly("part-0.parquet");

    // a process of this host that is gone
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    OutputClaim.Holder dead = new OutputClaim.Holder("dead-run", "app-dead", hostName(), gone.pid(),
        java.time.Instant.now().toString(), java.time.Instant.now().toString(), "running", "error", List.of());
    write(dir.resolve("d"), dead);
    assertThat(OutputClaim.acquire(fs(), folder("d"), OutputClaim.Holder.ofThisProcess("c", "error"), EXPIRY,
        "--output").previous().runId()).isEqualTo("dead-run");

    // another host's claim: live while renewed within the expiry, lapsed after it
    OutputClaim.Holder elsewhere = new OutputClaim.Holder("far-run", "app-far", "another-host", 1, null,
        java.time.Instant.now().toString(), "running", "error", List.of());
    Path claimFile = write(dir.resolve("e"), elsewhere);
    assertThatThrownBy(() -> OutputClaim.acquire(fs(), folder("e"), OutputClaim.Holder.ofThisProcess("d", "error"),
        EXPIRY, "--output")).hasMessageContaining("is claimed by run far-run (application app-far, host another-host");
    Files.setLastModifiedTime(claimFile, FileTime.fromMillis(System.currentTimeMillis() - 61_000));
    assertThat(OutputClaim.acquire(fs(), folder("e"), OutputClaim.Holder.ofThisProcess("d", "error"), EXPIRY,
        "--output").previous().runId()).isEqualTo("far-run");
  }

  @Test
  void renew_afterAnotherRunTookTheClaim_recordsTheLoss() throws Exception {
    OutputClaim.Holder me = OutputClaim.Holder.ofThisProcess("app-1", "error");
    OutputClaim claim = OutputClaim.acquire(fs(), folder("lost"), me, EXPIRY, "--output").claim();
    claim.renew();
    claim.checkHeld();
    OutputClaim.Holder other = OutputClaim.Holder.ofThisProcess("app-2", "error");
    write(dir.resolve("lost"), other);
    claim.renew();
    assertThat(claim.held()).isFalse();
    assertThatThrownBy(claim::checkHeld).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("this run lost its claim on").hasMessageContaining("it is now held by run "
            + other.runId());
  }

  private static Path write(Path folder, OutputClaim.Holder holder) throws Exception {
    Files.createDirectories(folder);
    Path file = folder.resolve(OutputClaim.NAME);
    Files.write(file, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(holder));
    return file;
  }

  private static String hostName() throws Exception {
    return java.net.InetAddress.getLocalHost().getHostName();
  }
}
