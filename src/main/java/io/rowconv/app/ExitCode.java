package io.rowconv.app;

import io.rowconv.spark.UserError;

/** The process exit codes, documented in README.md, that schedulers (Airflow and the like) act on. */
public enum ExitCode {
  SUCCESS(0, "the run succeeded; outputs, rejects and summary are written"),
  RUNTIME_FAILURE(1, "the run failed for a reason outside the user's input (bug, cluster, I/O); retrying may help"),
  USAGE(2, "bad command line or configuration; fix the arguments"),
  INPUT(3, "the input is missing or its schema does not fit; fix the input or the column options"),
  REJECT_LIMIT(4, "more rows were rejected than --max-rejects allows; see the rejects dataset");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }

  static ExitCode of(UserError error) {
    switch (error.category()) {
      case USAGE:
        return USAGE;
      case INPUT:
        return INPUT;
      case REJECT_LIMIT:
        return REJECT_LIMIT;
      default:
        throw new AssertionError(error.category());
    }
  }
}
