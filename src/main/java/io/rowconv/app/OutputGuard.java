package io.rowconv.app;

import io.rowconv.spark.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Checks, before any work, that the job cannot destroy what it must not: outputs are never the input,
 * inside it or around it; the output and rejects do not nest; an existing folder is replaced only when it
 * is a previous rowconv output (it holds {@value #MARKER}) or the user forces it.
 */
final class OutputGuard {

  /** Written into every output and rejects folder of a successful run; marks it as ours. */
  static final String MARKER = "_rowconv_summary.json";

  private final Configuration hadoop;

  OutputGuard(Configuration hadoop) {
    this.hadoop = hadoop;
  }

  void check(JobConfig config) {
    Path input = qualify(config.input());
    if (globEmpty(input)) {
      throw UserError.input("input path '" + config.input() + "' does not exist (--input)");
    }
    Path output = qualify(config.output());
    Path rejects = qualify(config.rejects());
    refuseOverlap("output", output, "input", input);
    refuseOverlap("rejects", rejects, "input", input);
    refuseOverlap("rejects", rejects, "output", output);
    checkExisting("output", "--output", output, config);
    checkExisting("rejects", "--rejects", rejects, config);
  }

  private void checkExisting(String what, String option, Path path, JobConfig config) {
    FileStatus status = status(path);
    if (status == null) {
      return;
    }
    if (!status.isDirectory()) {
      throw UserError.usage(what + " path '" + path + "' exists and is a file, not a folder: choose another " + option);
    }
    switch (config.writeMode()) {
      case ERROR:
        throw UserError.usage(what + " path '" + path + "' already exists: use --write-mode overwrite to replace it "
            + "or --write-mode append to add to it, or choose another " + option);
      case OVERWRITE:
        if (!config.force() && !isEmpty(path) && status(new Path(path, MARKER)) == null) {
          throw UserError.usage(what + " path '" + path + "' exists and is not a previous rowconv output (it has no "
              + MARKER + "): refusing to overwrite it; pass --force true to overwrite it anyway");
        }
        return;
      case APPEND:
        return;
      default:
        throw new AssertionError(config.writeMode());
    }
  }

  private static void refuseOverlap(String what, Path path, String otherName, Path other) {
    String a = path.toString() + "/";
    String b = other.toString() + "/";
    if (a.equals(b)) {
      throw UserError.usage(what + " path '" + path + "' is the " + otherName + " path: choose a separate folder");
    }
    if (a.startsWith(b)) {
      throw UserError.usage(what + " path '" + path + "' is inside the " + otherName + " path '" + other
          + "': choose a separate folder");
    }
    if (b.startsWith(a)) {
      throw UserError.usage(what + " path '" + path + "' contains the " + otherName + " path '" + other
          + "': choose a separate folder");
    }
  }

  Path qualify(String path) {
    try {
      Path p = new Path(path);
      return p.getFileSystem(hadoop).makeQualified(p);
    } catch (IOException | IllegalArgumentException e) {
      throw UserError.usage("bad path '" + path + "': " + e.getMessage());
    }
  }

  private FileStatus status(Path path) {
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      return fs.exists(path) ? fs.getFileStatus(path) : null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot inspect " + path, e);
    }
  }

  private boolean isEmpty(Path dir) {
    try {
      return dir.getFileSystem(hadoop).listStatus(dir).length == 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private boolean globEmpty(Path path) {
    try {
      FileStatus[] matches = path.getFileSystem(hadoop).globStatus(path);
      return matches == null || matches.length == 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot inspect " + path, e);
    }
  }
}
