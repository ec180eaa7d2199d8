package io.rowconv.app;

/** The --help text, generated from {@link JobOption} so it cannot drift from what the job accepts. */
final class HelpText {

  private HelpText() {}

  static String render() {
    StringBuilder b = new StringBuilder();
    b.append("rowconv: per-row convolution (every row has its own filter taps) as a Spark batch job.\n\n")
        .append("Usage:\n")
        .append("  submit.sh [run] --input PATH --output PATH [options]   convolve each row, write Parquet\n")
        .append("  submit.sh generate --output PATH [options of generate]   write a synthetic input dataset\n")
        .append("  submit.sh example [--dir DIR] [--dims 2]                generate a small example under DIR\n")
        .append("                                                        (default work/example), run, show rows\n\n")
        .append("Results equal scipy.signal.convolve / correlate (x = signal, h = taps) in modes full, same, valid, and "
            + "scipy.signal.lfilter(h, [1.0], x) in mode causal.\n\n")
        .append("Any command: --help (this text), --verbose (the stack trace behind an error explained in a few "
            + "lines).\n\n")
        .append("Options of run (also keys of the --config file, without dashes):\n");
    for (JobOption option : JobOption.values()) {
      b.append(String.format("  --%-14s %s%n", option.key(), option.argument()));
      b.append("      ").append(option.help());
      if (option.defaultValue() != null && !option.defaultValue().isEmpty()) {
        b.append(" Default: ").append(option.defaultValue()).append('.');
      }
      b.append('\n');
    }
    b.append("\nOptions of generate:\n");
    for (GenerateCommand.Option option : GenerateCommand.Option.values()) {
      b.append(String.format("  --%-14s %s  %s", option.key(), option.argument, option.help));
      if (option.defaultValue != null) {
        b.append(" Default: ").append(option.defaultValue).append('.');
      }
      b.append('\n');
    }
    b.append("\nExit codes:\n");
    for (ExitCode code : ExitCode.values()) {
      b.append(String.format("  %d  %s%n", code.code(), code.meaning()));
    }
    b.append("\nEnvironment (submit.sh): SPARK_MASTER (default local[*]), SPARK_SUBMIT_ARGS (extra spark-submit "
        + "options), SPARK_HOME or spark-submit on PATH (else Spark from the Maven-resolved jars).\n");
    return b.toString();
  }
}
