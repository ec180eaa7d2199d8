package io.rowconv.app;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run did, printed at the end and written as JSON (see README.md, "Run summary") so that a workflow
 * can read it. Counts come from the committed writes, and the job checks
 * {@code rowsRead == rowsWritten + rowsRejected} before it reports success.
 */
record RunSummary(
    String status,
    String startedAt,
    double durationSeconds,
    long rowsRead,
    long rowsWritten,
    long rowsRejected,
    Map<String, Long> rejectedByReason,
    Map<String, Long> rowsByMethod,
    String input,
    String output,
    String rejects,
    String operation,
    String mode,
    String precision,
    String applicationId,
    Verified verified,
    String error) {

  /**
   * The rows counted in the files the run committed ({@code null} where not counted: no such write, a format
   * that cannot be counted, or a run that failed first), and how they were counted.
   */
  record Verified(Long outputRows, Long rejectsRows, String how) {
    static final Verified NONE = new Verified(null, null, null);
  }

  RunSummary {
    rejectedByReason = new TreeMap<>(rejectedByReason);
    rowsByMethod = new java.util.LinkedHashMap<>(rowsByMethod);
  }

  /** This summary as a failed run's, with what failed. */
  RunSummary failed(String reason) {
    return new RunSummary("failed", startedAt, durationSeconds, rowsRead, rowsWritten, rowsRejected,
        rejectedByReason, rowsByMethod, input, output, rejects, operation, mode, precision, applicationId, verified,
        reason);
  }

  double rowsPerSecond() {
    return durationSeconds > 0 ? rowsRead / durationSeconds : 0;
  }

  String toJson() {
    return "{\n"
        + "  \"status\": " + quote(status) + ",\n"
        + "  \"started_at\": " + quote(startedAt) + ",\n"
        + "  \"duration_seconds\": " + String.format(Locale.ROOT, "%.3f", durationSeconds) + ",\n"
        + "  \"rows_read\": " + rowsRead + ",\n"
        + "  \"rows_written\": " + rowsWritten + ",\n"
        + "  \"rows_rejected\": " + rowsRejected + ",\n"
        + "  \"rejected_by_reason\": " + object(rejectedByReason) + ",\n"
        + "  \"rows_by_method\": " + object(rowsByMethod) + ",\n"
        + "  \"rows_per_second\": " + String.format(Locale.ROOT, "%.1f", rowsPerSecond()) + ",\n"
        + "  \"input\": " + quote(input) + ",\n"
        + "  \"output\": " + quote(output) + ",\n"
        + "  \"rejects\": " + quote(rejects) + ",\n"
        + "  \"op\": " + quote(operation) + ",\n"
        + "  \"mode\": " + quote(mode) + ",\n"
        + "  \"precision\": " + quote(precision) + ",\n"
        + "  \"application_id\": " + quote(applicationId) + ",\n"
        + "  \"verified\": {\"output_rows\": " + verified.outputRows() + ", \"rejects_rows\": "
        + verified.rejectsRows() + ", \"how\": " + quote(verified.how()) + "}"
        + (error == null ? "" : ",\n  \"error\": " + quote(error)) + "\n"
        + "}\n";
  }

  String toText() {
    return String.format(Locale.ROOT,
        "rowconv %s: read %d rows, wrote %d, rejected %d %s in %.1f s (%.0f rows/s)%n  methods: %s%n"
            + "  verified: %s%n  output:  %s%n  rejects: %s",
        status, rowsRead, rowsWritten, rowsRejected, rejectedByReason.isEmpty() ? "" : rejectedByReason,
        durationSeconds, rowsPerSecond(), rowsByMethod, verifiedText(), output, rejects);
  }

  private String verifiedText() {
    if (verified.how() == null) {
      return "not counted";
    }
    return (verified.outputRows() == null ? "" : verified.outputRows() + " rows in the output, ")
        + (verified.rejectsRows() == null ? "" : verified.rejectsRows() + " in the rejects, ")
        + "by " + verified.how();
  }

  private static String object(Map<String, Long> counts) {
    StringBuilder b = new StringBuilder("{");
    counts.forEach((key, count) -> {
      if (b.length() > 1) {
        b.append(", ");
      }
      b.append(quote(key)).append(": ").append(count);
    });
    return b.append('}').toString();
  }

  private static String quote(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
