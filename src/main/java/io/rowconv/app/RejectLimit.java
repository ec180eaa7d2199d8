package io.rowconv.app;

import io.rowconv.spark.UserError;

/**
 * How many rejected rows a run tolerates (--max-rejects): unlimited, an absolute count, or a fraction of
 * the rows read.
 */
record RejectLimit(long maxCount, double maxFraction) {

  static final RejectLimit UNLIMITED = new RejectLimit(Long.MAX_VALUE, 1.0);

  /** Parses {@code unlimited}, a count ({@code 0}, {@code 100}), a fraction ({@code 0.01}) or {@code 1%}. */
  static RejectLimit parse(String text) {
    String t = text.trim();
    try {
      if (t.equalsIgnoreCase("unlimited")) {
        return UNLIMITED;
      }
      if (t.endsWith("%")) {
        double percent = Double.parseDouble(t.substring(0, t.length() - 1));
        if (percent >= 0 && percent <= 100) {
          return new RejectLimit(Long.MAX_VALUE, percent / 100);
        }
      } else if (t.contains(".") || t.contains("e") || t.contains("E")) {
        double fraction = Double.parseDouble(t);
        if (fraction >= 0 && fraction < 1) {
          return new RejectLimit(Long.MAX_VALUE, fraction);
        }
      } else {
        long count = Long.parseLong(t);
        if (count >= 0) {
          return new RejectLimit(count, 1.0);
        }
      }
    } catch (NumberFormatException e) {
      // falls through to the usage error below
    }
    throw UserError.usage("--max-rejects '" + text
        + "' is not valid: expected 'unlimited', a count >= 0 (0 = strict), a fraction in [0, 1) or a percentage like 1%");
  }

  /** True when no number of rejects can exceed this limit. */
  boolean isUnlimited() {
    return maxCount == Long.MAX_VALUE && maxFraction >= 1.0;
  }

  /** True when {@code rejected} of {@code read} rows is more than this limit allows. */
  boolean exceeded(long rejected, long read) {
    return rejected > maxCount || (read > 0 && (double) rejected / read > maxFraction);
  }

  @Override
  public String toString() {
    if (this.equals(UNLIMITED)) {
      return "unlimited";
    }
    return maxCount != Long.MAX_VALUE ? Long.toString(maxCount) : (maxFraction * 100) + "%";
  }
}
