package io.rowconv.app;

import io.rowconv.spark.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * Checks, before any work, that the input exists and that the job cannot destroy what it must not: outputs
 * are never the input, inside it or around it, and the output and rejects do not nest. (What an existing
 * output folder may hold is {@link OutputFolder}'s to decide, under the run's claim.)
 */
final class OutputGuard {

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
    for (String[] taps : new String[][] {{"taps table", config.tapsTable(), "--taps-table"},
        {"taps file", config.tapsFile(), "--taps-file"}}) {
      if (taps[1] == null) {
        continue;
      }
      Path path = qualify(taps[1]);
      if (globEmpty(path)) {
        throw UserError.input(taps[0] + " path '" + taps[1] + "' does not exist (" + taps[2] + ")");
      }
      refuseOverlap("output", output, taps[0], path);
      refuseOverlap("rejects", rejects, taps[0], path);
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

  private boolean globEmpty(Path path) {
    try {
      FileStatus[] matches = path.getFileSystem(hadoop).globStatus(path);
      return matches == null || matches.length == 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot inspect " + path, e);
    }
  }
}
