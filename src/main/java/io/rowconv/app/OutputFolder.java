package io.rowconv.app;

import io.rowconv.spark.UserError;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * One folder the job writes (its output or its rejects) through a run: claimed ({@link OutputClaim}, which is
 * also its in-progress marker), made ready for the write mode, and at the end marked as succeeded (summary,
 * then {@code _SUCCESS}, then the claim released) or failed (summary with status failed, the claim left as the
 * failed run's marker). The job turns off Spark's own {@code _SUCCESS}, so the marker always means "a rowconv
 * run finished here and its rows were counted in the files".
 *
 * <p>What the folder may hold when a run starts, and what each write mode does with it:
 * <ul>
 *   <li>nothing (or no folder): every mode writes it;
 *   <li>a finished rowconv output ({@value #SUMMARY} present): {@code error} refuses it, {@code overwrite}
 *       replaces it, {@code append} adds to it;
 *   <li>the leftover of an unfinished rowconv run (a lapsed or failed claim): first the files that run added are
 *       removed (those it did not record as kept), then as above; so the same command reruns after any failure;
 *   <li>anything else: {@code error} refuses it, {@code overwrite} only with {@code --force}, {@code append}
 *       adds to it.
 * </ul>
 * Data files are the files under the folder whose path has no part starting with {@code _} or {@code .} (the
 * names Spark's and pyarrow's readers skip).
 */
final class OutputFolder {

  static final String SUMMARY = "_rowconv_summary.json";
  static final String SUCCESS = "_SUCCESS";

  private final String what;
  private final String option;
  private final Path path;
  private final FileSystem fs;
  private final JobConfig.WriteMode mode;
  private final boolean force;
  private final boolean partitioned;
  private OutputClaim claim;
  /** The lapsed or failed claim this run took over: its run's leftover is in the folder. */
  private OutputClaim.Holder previous;
  private boolean createdByThisRun;
  /** The data files the run keeps (relative paths): what the folder held, for append and partitioned overwrite. */
  private Set<String> kept = Set.of();

  OutputFolder(String what, String option, Path path, FileSystem fs, JobConfig.WriteMode mode, boolean force,
      boolean partitioned) {
    this.what = what;
    this.option = option;
    this.path = path;
    this.fs = fs;
    this.mode = mode;
    this.force = force;
    this.partitioned = partitioned;
  }

  Path path() {
    return path;
  }

  /**
   * Refuses, before any work and without touching the folder, what the write mode would refuse anyway: a file
   * in place of the folder, a finished output under {@code error}, a foreign folder under {@code overwrite}
   * without {@code --force}. {@link #prepare()} decides again under the claim.
   */
  void precheck() {
    FileStatus status = status(path);
    if (status == null) {
      return;
    }
    if (!status.isDirectory()) {
      throw UserError.usage(what + " path '" + path + "' exists and is a file, not a folder: choose another "
          + option);
    }
    if (OutputClaim.peek(fs, path).isEmpty()) {
      refuseByMode(!dataFiles().isEmpty() || exists(SUMMARY), exists(SUMMARY));
    }
  }

  /**
   * Claims the folder (creating it if needed); a live claim of another run is a {@link UserError}. Nothing in
   * the folder changes until {@link #prepare()}.
   */
  void claim(OutputClaim.Holder me, Duration expiry) {
    createdByThisRun = status(path) == null;
    OutputClaim.Acquired acquired = OutputClaim.acquire(fs, path, me, expiry, option);
    claim = acquired.claim();
    previous = acquired.previous();
  }

  /** Releases a claim taken by {@link #claim} when the run stops before {@link #prepare()}. */
  void unclaim() {
    if (claim != null) {
      claim.release();
      claim = null;
      if (createdByThisRun) {
        delete(path);
      }
    }
  }

  /**
   * Makes the claimed folder ready for the write: the leftover of an unfinished run removed, the write mode
   * applied (a {@link UserError} for what it refuses, and the claim given back), earlier markers removed.
   */
  void prepare() {
    try {
      // a leftover is rowconv's when its run recorded what it kept (and so may have written rows)
      boolean ours = previous != null && previous.keptFiles() != null || exists(SUMMARY);
      if (previous != null) {
        removeLeftover(previous);
      }
      List<String> data = dataFiles();
      refuseByMode(!data.isEmpty() || exists(SUMMARY), ours);
      if (mode == JobConfig.WriteMode.OVERWRITE && !partitioned) {
        clearAllButClaim();
        data = List.of();
      }
      delete(new Path(path, SUCCESS));
      delete(new Path(path, SUMMARY));
      kept = new HashSet<>(data);
      claim.keepFiles(data); // also when empty: a claim that records nothing yet means "wrote nothing yet"
    } catch (RuntimeException e) {
      unclaim();
      throw e;
    }
  }

  /** The claim, once {@link #claim} has taken it. */
  OutputClaim claim() {
    return claim;
  }

  /**
   * The data files this run wrote (relative paths): those present now that it did not keep. Throws when a kept
   * file is gone (another writer), except under a partitioned overwrite, which replaces partitions' files.
   */
  List<String> newFiles() {
    List<String> now = dataFiles();
    if (!(mode == JobConfig.WriteMode.OVERWRITE && partitioned)) {
      Set<String> gone = new HashSet<>(kept);
      gone.removeAll(now);
      if (!gone.isEmpty()) {
        throw new IllegalStateException(gone.size() + " data files that were in " + path + " before this run are "
            + "gone, e.g. " + gone.iterator().next() + ": something else wrote to the folder during the run");
      }
    }
    List<String> added = new ArrayList<>(now);
    added.removeAll(kept);
    return added;
  }

  /** Marks the folder as a finished output: the summary, then {@code _SUCCESS}, then the claim released. */
  void succeed(byte[] summary) {
    claim.checkHeld();
    write(new Path(path, SUMMARY), summary);
    write(new Path(path, SUCCESS), new byte[0]);
    claim.release();
  }

  /** Marks the folder as a failed run's: the summary (status failed) and the claim left as its marker. */
  void fail(byte[] summary) {
    if (claim == null || !claim.held()) {
      return; // not claimed yet, or another run holds the folder now: nothing here is this run's to mark
    }
    write(new Path(path, SUMMARY), summary);
    claim.markFailed();
  }

  private void refuseByMode(boolean holdsOutput, boolean ours) {
    switch (mode) {
      case ERROR -> {
        if (holdsOutput) {
          throw UserError.usage(what + " path '" + path + "' already exists: use --write-mode overwrite to "
              + "replace it or --write-mode append to add to it, or choose another " + option);
        }
      }
      case OVERWRITE -> {
        if (holdsOutput && !ours && !force) {
          throw UserError.usage(what + " path '" + path + "' exists and is not a previous rowconv output (it has "
              + "no " + SUMMARY + "): refusing to overwrite it; pass --force true to overwrite it anyway");
        }
      }
      case APPEND -> { }
      default -> throw new AssertionError(mode);
    }
  }

  /**
   * Removes what an unfinished run added: every data file it did not keep, Spark's staging folders, and its
   * summary (status failed) and markers. A run that stopped before it recorded what it keeps had written
   * nothing yet: the folder's files and markers are left as they were then.
   */
  private void removeLeftover(OutputClaim.Holder previous) {
    if (previous.keptFiles() != null) {
      delete(new Path(path, SUMMARY));
      delete(new Path(path, SUCCESS));
      Set<String> keep = new HashSet<>(previous.keptFiles());
      for (String file : dataFiles()) {
        if (!keep.contains(file)) {
          delete(new Path(path, file));
        }
      }
    }
    for (FileStatus child : list(path)) {
      String name = child.getPath().getName();
      if (name.equals("_temporary") || name.startsWith(".spark-staging")) {
        delete(child.getPath());
      }
    }
  }

  private void clearAllButClaim() {
    for (FileStatus child : list(path)) {
      if (!child.getPath().getName().startsWith(OutputClaim.NAME)) {
        delete(child.getPath());
      }
    }
  }

  /** Relative paths of the data files under the folder (no part of the path starts with _ or .). */
  List<String> dataFiles() {
    List<String> files = new ArrayList<>();
    try {
      if (!fs.exists(path)) {
        return files;
      }
      String root = fs.getFileStatus(path).getPath().toUri().getPath();
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(path, true);
      while (it.hasNext()) {
        String relative = it.next().getPath().toUri().getPath().substring(root.length() + 1);
        if (!hidden(relative)) {
          files.add(relative);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + path, e);
    }
    return files;
  }

  /**
   * Whether Spark's readers skip the file: a part of its path starts with "." or with "_" (but a partition
   * folder such as {@code _day=1}, holding "=", is read), as Spark's HadoopFSUtils.shouldFilterOutPathName.
   */
  private static boolean hidden(String relative) {
    for (String part : relative.split("/")) {
      if (part.startsWith("_") && !part.contains("=") || part.startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private boolean exists(String name) {
    return status(new Path(path, name)) != null;
  }

  private FileStatus status(Path p) {
    try {
      return fs.getFileStatus(p);
    } catch (java.io.FileNotFoundException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot inspect " + p, e);
    }
  }

  private FileStatus[] list(Path p) {
    try {
      return fs.exists(p) ? fs.listStatus(p) : new FileStatus[0];
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + p, e);
    }
  }

  private void delete(Path p) {
    try {
      fs.delete(p, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + p, e);
    }
  }

  private void write(Path file, byte[] content) {
    try (OutputStream out = fs.create(file, true)) {
      out.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
