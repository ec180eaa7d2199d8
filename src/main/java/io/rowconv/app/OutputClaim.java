package io.rowconv.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.rowconv.spark.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * A run's exclusive claim on one folder (its output or its rejects): the file {@value #NAME} in the folder,
 * created only if absent, naming the holder (run, application id, host, process, start time). While it
 * exists, no other rowconv run writes the folder; it is also the folder's in-progress marker, so that what a
 * run leaves behind when it dies is recognised as its own.
 *
 * <p>The holder renews it (rewrites it) every tenth of the expiry; a claim is live while it is renewed, and
 * lapses when it was last renewed longer ago than the expiry, or at once when its holder ran on this host and
 * that process is gone. A lapsed claim is taken over by renaming it aside (atomic where rename is: local file
 * systems, HDFS), checking that what was moved is the claim judged lapsed, and creating a new one. A failed
 * run leaves its claim in state {@code failed}: no longer live, still describing its leftover.
 *
 * <p>What "create only if absent" relies on: on a local file system, the operating system's exclusive create
 * (O_CREAT|O_EXCL, through {@code java.nio}); on HDFS, the NameNode's {@code create(overwrite=false)};
 * on object stores, whatever their connector makes of {@code create(overwrite=false)} (see README, "Concurrent
 * runs"). The holder checks at every renewal that the claim is still its own, and the run fails before it
 * marks success if it is not.
 */
final class OutputClaim {

  static final String NAME = "_rowconv_claim.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * A claim's content. {@code keptFiles}: the data files (relative paths) that were there before the run, or
   * null while the run has not recorded them yet (it writes nothing before it has: a leftover without them
   * holds no rows of its own).
   */
  record Holder(String runId, String applicationId, String host, long pid, String processStartedAt,
      String startedAt, String state, String writeMode, List<String> keptFiles) {

    static final String RUNNING = "running";
    static final String FAILED = "failed";

    /** This process, about to start a run. */
    static Holder ofThisProcess(String applicationId, String writeMode) {
      ProcessHandle self = ProcessHandle.current();
      return new Holder(UUID.randomUUID().toString(), applicationId, hostName(), self.pid(),
          self.info().startInstant().map(Instant::toString).orElse(null), Instant.now().toString(), RUNNING,
          writeMode, null);
    }

    Holder withState(String newState) {
      return new Holder(runId, applicationId, host, pid, processStartedAt, startedAt, newState, writeMode, keptFiles);
    }

    Holder withKeptFiles(List<String> files) {
      return new Holder(runId, applicationId, host, pid, processStartedAt, startedAt, state, writeMode,
          files == null ? null : List.copyOf(files));
    }

    /** Whether the holder is this host's process that is no longer running. */
    boolean diedOnThisHost() {
      if (!hostName().equals(host)) {
        return false;
      }
      Optional<ProcessHandle> process = ProcessHandle.of(pid);
      return process.isEmpty() || !process.get().isAlive() || processStartedAt == null
          || !process.get().info().startInstant().map(Instant::toString).orElse("").equals(processStartedAt);
    }

    String describe() {
      return "run " + runId + " (application " + applicationId + ", host " + host + ", process " + pid
          + ", started " + startedAt + ")";
    }
  }

  private final FileSystem fs;
  private final Path file;
  private volatile Holder holder;
  private volatile String lost;

  private OutputClaim(FileSystem fs, Path file, Holder holder) {
    this.fs = fs;
    this.file = file;
    this.holder = holder;
  }

  /**
   * Claims {@code folder} for {@code me} (creating the folder if needed). Returns the claim and, when a lapsed
   * or failed claim was taken over, the holder it described (its leftover is then in the folder). A live
   * claim of another run is a {@link UserError} naming it and saying how to clear it.
   */
  static Acquired acquire(FileSystem folderFs, Path folder, Holder me, Duration expiry, String option) {
    FileSystem fs = claimFileSystem(folderFs);
    Path file = new Path(folder, NAME);
    try {
      fs.mkdirs(folder);
      for (int attempt = 0; attempt < 3; attempt++) {
        if (createExclusive(fs, file, me)) {
          return new Acquired(new OutputClaim(fs, file, me), null);
        }
        Optional<FileStatus> status = status(fs, file);
        byte[] seen = status.isEmpty() ? null : bytes(fs, file);
        if (seen == null) {
          continue; // released meanwhile: try again
        }
        Holder other = parse(seen);
        if (isLive(other, status.get(), expiry)) {
          throw claimed(folder, other, status.get(), expiry, option);
        }
        // lapsed: move it aside, make sure what moved is what was judged lapsed, then claim
        Path aside = new Path(folder, NAME + ".lapsed-" + me.runId());
        if (!fs.rename(file, aside)) {
          continue; // someone else moved or removed it first
        }
        if (!java.util.Arrays.equals(seen, bytes(fs, aside))) {
          fs.rename(aside, file); // a new claim arrived in between: put it back, it is not ours to take
          throw claimed(folder, parse(bytes(fs, file)), status.get(), expiry, option);
        }
        fs.delete(aside, false);
        // the new claim carries over what the lapsed one kept, so that it is kept whenever this run stops too
        Holder heir = me.withKeptFiles(other.keptFiles());
        if (createExclusive(fs, file, heir)) {
          return new Acquired(new OutputClaim(fs, file, heir), other);
        }
      }
      Optional<FileStatus> status = status(fs, file);
      throw claimed(folder, status.isPresent() ? parse(bytes(fs, file)) : null, status.orElse(null), expiry, option);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot claim " + folder, e);
    }
  }

  /** A new claim and the lapsed or failed one it replaced (null if none). */
  record Acquired(OutputClaim claim, Holder previous) {}

  /** The claim in {@code folder} without taking it, if there is one that can be read. */
  static Optional<Holder> peek(FileSystem folderFs, Path folder) {
    FileSystem fs = claimFileSystem(folderFs);
    try {
      return status(fs, new Path(folder, NAME)).isEmpty() ? Optional.empty()
          : Optional.ofNullable(read(fs, new Path(folder, NAME)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the claim in " + folder, e);
    }
  }

  /** Rewrites the claim (which renews it) after checking it is still this run's; records a loss otherwise. */
  synchronized void renew() {
    rewrite(holder);
  }

  /**
   * Records in the claim which data files the run keeps (they are not its own), before it writes any: throws
   * when that cannot be written, since a later run would then not know what to keep.
   */
  synchronized void keepFiles(List<String> files) {
    rewrite(holder.withKeptFiles(files));
  }

  /** Throws when the claim was lost (another run took it over, or it was removed): the run must not succeed. */
  void checkHeld() {
    if (lost != null) {
      throw new IllegalStateException("this run lost its claim on " + file.getParent() + ": " + lost
          + "; another run may be writing there");
    }
  }

  /** Whether the claim is still this run's, as far as the last renewal saw. */
  boolean held() {
    return lost == null;
  }

  /**
   * Renews {@code claims} every {@code period} on a daemon thread until the returned handle is closed. One
   * renewal that fails is retried at the next; a claim found taken over is recorded as lost.
   */
  static AutoCloseable renewEvery(Duration period, List<OutputClaim> claims) {
    java.util.concurrent.ScheduledExecutorService renewer =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(task -> {
          Thread thread = new Thread(task, "rowconv claim renewal");
          thread.setDaemon(true);
          return thread;
        });
    renewer.scheduleAtFixedRate(() -> claims.forEach(claim -> {
      try {
        claim.renew();
      } catch (RuntimeException e) { // the next renewal tries again; the task must not end on it
        org.slf4j.LoggerFactory.getLogger(OutputClaim.class).warn("could not renew {}", claim.file, e);
      }
    }), period.toMillis(), period.toMillis(),
        java.util.concurrent.TimeUnit.MILLISECONDS);
    return renewer::shutdownNow;
  }

  /** Leaves the claim as the failed run's marker: no longer live, still describing what the run kept. */
  synchronized void markFailed() {
    rewrite(holder.withState(Holder.FAILED));
  }

  /** Removes the claim (after success), if it is still this run's. */
  synchronized void release() {
    try {
      Holder current = status(fs, file).isPresent() ? read(fs, file) : null;
      if (current != null && current.runId().equals(holder.runId())) {
        fs.delete(file, false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the claim " + file, e);
    }
  }

  private void rewrite(Holder updated) {
    if (lost != null) {
      return;
    }
    try {
      Holder current = status(fs, file).isPresent() ? read(fs, file) : null;
      if (current != null && !current.runId().equals(holder.runId())) {
        lost = "it is now held by " + current.describe();
        return;
      }
      if (current == null && status(fs, file).isEmpty()) {
        lost = "its file " + file + " was removed";
        return;
      }
      replace(fs, file, JSON.writeValueAsBytes(updated));
      holder = updated;
    } catch (IOException e) {
      // a renewal that fails is retried at the next (renewEvery); the claim lapses only after the whole expiry
      throw new UncheckedIOException("cannot rewrite the claim " + file, e);
    }
  }

  /**
   * Live: not failed, and renewed within the expiry by a holder that is not known to be dead. A claim that
   * cannot be read (being written, or cut short) is live until it is older than the expiry.
   */
  static boolean isLive(Holder holder, FileStatus status, Duration expiry) {
    if (holder != null && (!Holder.RUNNING.equals(holder.state()) || holder.diedOnThisHost())) {
      return false;
    }
    return System.currentTimeMillis() - status.getModificationTime() <= expiry.toMillis();
  }

  private static UserError claimed(Path folder, Holder other, FileStatus status, Duration expiry, String option) {
    String who = other == null ? "another rowconv run (its claim is being written)" : other.describe();
    long age = status == null ? 0 : (System.currentTimeMillis() - status.getModificationTime()) / 1000;
    return UserError.usage(option + " folder '" + folder + "' is claimed by " + who + ", renewed " + age
        + " s ago: another rowconv run is writing it. Wait for it to end. If it is no longer running, its claim "
        + "lapses " + expiry.toSeconds() + " s after its last renewal (--claim-expiry; at once when it ran on this "
        + "host), after which the same command takes over; or remove " + new Path(folder, NAME) + " yourself.");
  }

  /** On a local file system, the raw one: exclusive creation through java.nio, and no checksum files. */
  private static FileSystem claimFileSystem(FileSystem fs) {
    return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
  }

  private static boolean createExclusive(FileSystem fs, Path file, Holder holder) throws IOException {
    byte[] content = JSON.writeValueAsBytes(holder);
    if (fs instanceof RawLocalFileSystem local) {
      try {
        Files.write(local.pathToFile(file).toPath(), content, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      }
    }
    try (OutputStream out = fs.create(file, false)) {
      out.write(content);
      return true;
    } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      if (status(fs, file).isPresent()) {
        return false; // some connectors say "already exists" with a plain IOException
      }
      throw e;
    }
  }

  /**
   * Replaces the claim's content: on a local file system by an atomic rename of a new file over it (a reader
   * never sees it empty), elsewhere by {@code create(overwrite=true)}.
   */
  private static void replace(FileSystem fs, Path file, byte[] content) throws IOException {
    if (fs instanceof RawLocalFileSystem local) {
      java.nio.file.Path target = local.pathToFile(file).toPath();
      java.nio.file.Path next = target.resolveSibling(NAME + ".next");
      Files.write(next, content);
      Files.move(next, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    try (OutputStream out = fs.create(file, true)) {
      out.write(content);
    }
  }

  private static Optional<FileStatus> status(FileSystem fs, Path file) throws IOException {
    try {
      return Optional.of(fs.getFileStatus(file));
    } catch (java.io.FileNotFoundException e) {
      return Optional.empty();
    }
  }

  /** The claim in {@code file}, or null when it is gone or cannot be parsed (being written right now). */
  private static Holder read(FileSystem fs, Path file) throws IOException {
    byte[] content = bytes(fs, file);
    return content == null ? null : parse(content);
  }

  /** The bytes of {@code file}, or null when it is gone. */
  private static byte[] bytes(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      return in.readAllBytes();
    } catch (java.io.FileNotFoundException e) {
      return null;
    }
  }

  private static Holder parse(byte[] content) {
    try {
      return JSON.readValue(new String(content, StandardCharsets.UTF_8), Holder.class);
    } catch (IOException e) {
      return null;
    }
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
