package io.rowconv.app;

import io.rowconv.spark.UserError;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed command line: an optional sub-command ({@code run} when absent) and its options as
 * {@code --key value} or {@code --key=value}; {@code --help} anywhere asks for help, {@code --verbose} for the
 * stack trace behind an error the job explains in a few lines. Only syntax is checked
 * here; the commands check keys and values.
 */
record CommandLine(String command, Map<String, String> options, boolean help, boolean verbose) {

  static final List<String> COMMANDS = List.of("run", "generate", "example", "help");
  /** Options that may be given without a value, meaning "true". */
  private static final List<String> FLAGS = List.of("force");

  static CommandLine parse(String[] args) {
    String command = "run";
    int i = 0;
    if (args.length > 0 && !args[0].startsWith("-")) {
      command = args[0];
      if (!COMMANDS.contains(command)) {
        throw UserError.usage("unknown command '" + command + "': expected one of " + COMMANDS
            + " (or options only, which means run); try --help");
      }
      i = 1;
    }
    Map<String, String> options = new LinkedHashMap<>();
    boolean help = command.equals("help");
    boolean verbose = false;
    for (; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        help = true;
        continue;
      }
      if (arg.equals("--verbose")) {
        verbose = true;
        continue;
      }
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw UserError.usage("unexpected argument '" + arg + "': options look like --name value; try --help");
      }
      String key = arg.substring(2);
      String value;
      int eq = key.indexOf('=');
      if (eq >= 0) {
        value = key.substring(eq + 1);
        key = key.substring(0, eq);
      } else if (FLAGS.contains(key) && (i + 1 >= args.length || args[i + 1].startsWith("--"))) {
        value = "true";
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw UserError.usage("option --" + key + " needs a value; try --help");
      }
      if (options.put(key, value) != null) {
        throw UserError.usage("option --" + key + " is given twice");
      }
    }
    return new CommandLine(command, Collections.unmodifiableMap(options), help, verbose);
  }
}
