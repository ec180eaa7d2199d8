package io.rowconv.app;

import io.rowconv.spark.UserError;
import java.util.Map;
import org.apache.spark.SparkThrowable;

/**
 * Failures that are the input's fault, told apart from the others by Spark's error conditions: files that
 * disagree with the input's schema, truncated files, files that are not in the input's format. They become
 * input errors (exit 3: retrying will not help) with a message of a few lines naming the file and, where Spark
 * says, the column and the two types; the stack trace stays behind {@code --verbose}. Read errors that a retry
 * can fix (the network, a file that vanished while being listed) stay runtime failures.
 */
final class InputFailures {

  private InputFailures() {}

  /** The input error {@code failure} stands for, or null when it is not the input's fault. */
  static UserError asInputError(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (!(t instanceof SparkThrowable spark) || spark.getCondition() == null) {
        continue;
      }
      String condition = spark.getCondition();
      Map<String, String> p = spark.getMessageParameters();
      String file = p.getOrDefault("path", "(unknown file)");
      if (condition.equals("FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH")) {
        return input("the input's files disagree: in " + file + " the column " + p.get("column") + " is "
            + p.get("actualType") + " (Parquet), where the input's schema, taken from another file, has "
            + p.get("expectedType") + ". Rewrite the files with one schema, or run the job on each group of files "
            + "apart.", failure);
      }
      if (condition.startsWith("FAILED_READ_FILE.") && !condition.equals("FAILED_READ_FILE.FILE_NOT_EXIST")
          && !transientCause(t)) {
        return input("cannot read the input file " + file + ": " + rootMessage(t) + ". Remove or replace the "
            + "file (is it truncated, or not in the input's format?).", failure);
      }
      if (condition.startsWith("CANNOT_READ_FILE_FOOTER") || condition.startsWith("UNABLE_TO_INFER_SCHEMA")
          || condition.startsWith("CANNOT_MERGE_SCHEMAS") || condition.startsWith("PARQUET_TYPE_")) {
        return input("cannot read the input: " + firstLine(t.getMessage()), failure);
      }
    }
    return null;
  }

  private static UserError input(String message, Throwable cause) {
    return new UserError(UserError.Category.INPUT, message, cause);
  }

  /** The network or an interrupted read, which a retry may get past. */
  private static boolean transientCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof java.net.SocketException || c instanceof java.net.SocketTimeoutException
          || c instanceof java.net.UnknownHostException || c instanceof java.io.InterruptedIOException) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return firstLine(root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage());
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
