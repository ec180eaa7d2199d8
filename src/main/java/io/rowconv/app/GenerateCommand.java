package io.rowconv.app;

import io.rowconv.spark.SyntheticImages;
import io.rowconv.spark.SyntheticSignals;
import io.rowconv.spark.UserError;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code generate} command: writes a synthetic input ({@link SyntheticSignals}) for demos and benchmarks.
 * Its options and their defaults are written once, in {@link Option}.
 */
record GenerateCommand(String output, long rows, int n, int k, long seed, int partitions, int badRows,
    SaveMode saveMode, int dims) {

  /** Every option of {@code generate}, with its default and help. */
  enum Option {
    OUTPUT("PATH", null, "Folder to write (Parquet). Required."),
    ROWS("R", "1000", "Rows."),
    N("N", "1024", "Signal length."),
    K("K", "32", "Taps per row."),
    SEED("S", "1", "Row i depends only on (seed, i)."),
    PARTITIONS("P", "4", "Output files."),
    BAD_ROWS("B", "0", "Rows made invalid on purpose (null taps, a NaN, an empty signal, in turn)."),
    WRITE_MODE("error|overwrite", JobOption.WRITE_MODE.defaultValue(), "What to do when the folder exists."),
    DIMS("1|2", JobOption.DIMS.defaultValue(), "1: signals and taps (columns signal, taps); 2: images of n x n "
        + "pixels and kernels of k x k (columns image, kernel: run the job with --dims 2 --signal-col image "
        + "--taps-col kernel).");

    final String argument;
    final String defaultValue;
    final String help;

    Option(String argument, String defaultValue, String help) {
      this.argument = argument;
      this.defaultValue = defaultValue;
      this.help = help;
    }

    String key() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  static GenerateCommand parse(Map<String, String> raw) {
    Map<Option, String> v = new EnumMap<>(Option.class);
    for (Option option : Option.values()) {
      if (option.defaultValue != null) {
        v.put(option, option.defaultValue);
      }
    }
    raw.forEach((key, value) -> {
      Option option = null;
      for (Option candidate : Option.values()) {
        if (candidate.key().equals(key)) {
          option = candidate;
        }
      }
      if (option == null) {
        throw UserError.usage("unknown option --" + key + " for generate; expected one of " + keys());
      }
      v.put(option, value);
    });
    if (v.get(Option.OUTPUT) == null) {
      throw UserError.usage("generate needs --output PATH");
    }
    SaveMode mode = switch (v.get(Option.WRITE_MODE)) {
      case "error" -> SaveMode.ErrorIfExists;
      case "overwrite" -> SaveMode.Overwrite;
      default -> throw UserError.usage("--write-mode '" + v.get(Option.WRITE_MODE) + "' for generate: expected "
          + Option.WRITE_MODE.argument);
    };
    try {
      return new GenerateCommand(v.get(Option.OUTPUT), Long.parseLong(v.get(Option.ROWS)),
          Integer.parseInt(v.get(Option.N)), Integer.parseInt(v.get(Option.K)), Long.parseLong(v.get(Option.SEED)),
          Integer.parseInt(v.get(Option.PARTITIONS)), Integer.parseInt(v.get(Option.BAD_ROWS)), mode,
          Integer.parseInt(v.get(Option.DIMS)));
    } catch (NumberFormatException e) {
      throw UserError.usage("generate: --rows, --n, --k, --seed, --partitions, --bad-rows and --dims take whole numbers ("
          + e.getMessage() + ")");
    }
  }

  private static String keys() {
    StringBuilder b = new StringBuilder();
    for (Option option : Option.values()) {
      b.append(b.length() == 0 ? "" : ", ").append("--").append(option.key());
    }
    return b.toString();
  }

  /** Writes the rows; returns how many. */
  long write(SparkSession spark) {
    if (dims != 1 && dims != 2) {
      throw UserError.usage("generate: --dims " + dims + " is not valid: expected 1 or 2");
    }
    (dims == 2 ? SyntheticImages.generate(spark, rows, n, k, seed, partitions, badRows)
        : SyntheticSignals.generate(spark, rows, n, k, seed, partitions, false, badRows))
        .write().mode(saveMode).parquet(output);
    return rows;
  }
}
