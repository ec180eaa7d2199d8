package io.rowconv.app;

import io.rowconv.spark.arrowparquet.ArrowParquetSource;

import io.rowconv.kernel.Method;
import io.rowconv.kernel.Mode;
import io.rowconv.kernel.Operation;
import io.rowconv.spark.ConvolutionSpec;
import io.rowconv.spark.UserError;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The job's settings, resolved once on the driver with this precedence: built-in defaults
 * ({@link JobOption}) &lt; the configuration file (--config) &lt; the command line. Immutable; every value
 * is validated when built, with a message that names the option, the value and what is allowed.
 */
final class JobConfig {

  /** How to treat an existing output. */
  enum WriteMode {
    ERROR,
    OVERWRITE,
    APPEND
  }

  private final String input;
  private final String output;
  private final String rejects;
  private final String summary;
  private final String inputFormat;
  private final String outputFormat;
  private final String compression;
  private final List<String> partitionBy;
  private final WriteMode writeMode;
  private final boolean force;
  private final java.time.Duration claimExpiry;
  private final RejectLimit rejectLimit;
  private final ConvolutionSpec spec;
  private final String tapsFile;
  private final String tapsTable;
  private final String tapsTableFormat;

  private JobConfig(Map<JobOption, String> v) {
    this.input = required(v, JobOption.INPUT);
    this.output = required(v, JobOption.OUTPUT);
    String rejectsPath = v.get(JobOption.REJECTS);
    this.rejects = rejectsPath == null || rejectsPath.isBlank() ? stripSlash(output) + "_rejects" : rejectsPath;
    this.summary = v.get(JobOption.SUMMARY);
    this.inputFormat = nonBlank(v, JobOption.INPUT_FORMAT);
    this.outputFormat = nonBlank(v, JobOption.OUTPUT_FORMAT);
    String codec = v.get(JobOption.COMPRESSION);
    this.compression = codec == null || codec.isBlank() ? null : codec.trim();
    this.partitionBy = parseList(v.get(JobOption.PARTITION_BY));
    this.writeMode = choice(v, JobOption.WRITE_MODE, WriteMode.class);
    this.force = bool(v, JobOption.FORCE);
    int expiry = integer(v, JobOption.CLAIM_EXPIRY);
    if (expiry < 1) {
      throw UserError.usage("--claim-expiry " + expiry + " is not valid: expected a number of seconds >= 1");
    }
    this.claimExpiry = java.time.Duration.ofSeconds(expiry);
    this.rejectLimit = RejectLimit.parse(v.get(JobOption.MAX_REJECTS));
    this.spec = ConvolutionSpec.builder()
        .mode(parse(v, JobOption.MODE, Mode::parse))
        .operation(parse(v, JobOption.OP, Operation::parse))
        .method(parse(v, JobOption.METHOD, Method::parse))
        .signalColumn(v.get(JobOption.SIGNAL_COL))
        .tapsColumn(v.get(JobOption.TAPS_COL))
        .outputColumn(v.get(JobOption.OUTPUT_COL))
        .maxLength(integer(v, JobOption.MAX_LENGTH))
        .nonFinite(choice(v, JobOption.NON_FINITE, ConvolutionSpec.NonFinitePolicy.class))
        .keepOperands(bool(v, JobOption.KEEP_OPERANDS))
        .precision(choice(v, JobOption.PRECISION, ConvolutionSpec.Precision.class))
        .sharedTaps(v.get(JobOption.TAPS) == null ? null : SharedTaps.parseInline(v.get(JobOption.TAPS)))
        .tapsKeys(parseList(v.get(JobOption.TAPS_KEY)).toArray(new String[0]))
        .dims(integer(v, JobOption.DIMS))
        .boundary(parse(v, JobOption.BOUNDARY, io.rowconv.kernel.twod.Boundary::parse))
        .fillValue(number(v, JobOption.FILL_VALUE))
        .build();
    this.tapsFile = v.get(JobOption.TAPS_FILE);
    this.tapsTable = v.get(JobOption.TAPS_TABLE);
    this.tapsTableFormat = nonBlank(v, JobOption.TAPS_TABLE_FORMAT);
    int sources = (v.get(JobOption.TAPS) != null ? 1 : 0) + (tapsFile != null ? 1 : 0) + (tapsTable != null ? 1 : 0);
    if (sources > 1) {
      throw UserError.usage("--taps, --taps-file and --taps-table each give the taps: choose one");
    }
    if ((tapsTable == null) != spec.tapsKeys().isEmpty()) {
      throw UserError.usage(tapsTable == null ? "--taps-key needs --taps-table PATH (the table the keys look the "
          + "filters up in)" : "--taps-table needs --taps-key COL[,COL...] (the key columns, in the input and the "
          + "taps table alike)");
    }
    if (outputFormat.equalsIgnoreCase(ArrowParquetSource.SHORT_NAME)) {
      if (compression != null && !compression.equalsIgnoreCase("none")
          && !compression.equalsIgnoreCase("uncompressed")) {
        throw UserError.usage("--output-format " + ArrowParquetSource.SHORT_NAME + " writes uncompressed Parquet "
            + "only (Arrow's Java dataset writer has no codec option): drop --compression " + compression
            + " or use --output-format parquet");
      }
      if (!partitionBy.isEmpty()) {
        throw UserError.usage("--output-format " + ArrowParquetSource.SHORT_NAME + " does not write partitioned "
            + "output: drop --partition-by or use --output-format parquet");
      }
    }
    for (String column : partitionBy) {
      if (column.equals(spec.outputColumn())) {
        throw UserError.usage("--partition-by cannot use the output column '" + column + "'");
      }
    }
  }

  /** Resolves the configuration from command-line options (keys without dashes). */
  static JobConfig resolve(Map<String, String> commandLine) {
    Map<JobOption, String> values = new EnumMap<>(JobOption.class);
    for (JobOption option : JobOption.values()) {
      if (option.defaultValue() != null) {
        values.put(option, option.defaultValue());
      }
    }
    String configFile = commandLine.get(JobOption.CONFIG.key());
    if (configFile != null) {
      values.putAll(readConfigFile(Path.of(configFile)));
    }
    values.putAll(toOptions(commandLine, "command line"));
    return new JobConfig(values);
  }

  static Map<JobOption, String> readConfigFile(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw UserError.usage("cannot read the config file '" + file + "' (--config): " + e.getMessage());
    }
    Map<String, String> raw = new java.util.TreeMap<>();
    properties.stringPropertyNames().forEach(k -> raw.put(k, properties.getProperty(k).trim()));
    if (raw.containsKey(JobOption.CONFIG.key())) {
      throw UserError.usage("config file '" + file + "' must not set 'config'");
    }
    return toOptions(raw, "config file " + file);
  }

  private static Map<JobOption, String> toOptions(Map<String, String> raw, String where) {
    Map<JobOption, String> options = new EnumMap<>(JobOption.class);
    raw.forEach((key, value) -> {
      JobOption option = JobOption.byKey(key);
      if (option == null) {
        throw UserError.usage("unknown option '" + key + "' (" + where + "); run with --help for the list");
      }
      options.put(option, value);
    });
    return options;
  }

  private static String required(Map<JobOption, String> v, JobOption option) {
    String value = v.get(option);
    if (value == null || value.isBlank()) {
      throw UserError.usage("--" + option.key() + " " + option.argument() + " is required");
    }
    return value;
  }

  private static String nonBlank(Map<JobOption, String> v, JobOption option) {
    String value = v.get(option);
    if (value == null || value.isBlank()) {
      throw UserError.usage("--" + option.key() + " must not be empty (expected " + option.argument() + ")");
    }
    return value.trim();
  }

  private static <T> T parse(Map<JobOption, String> v, JobOption option, java.util.function.Function<String, T> parser) {
    try {
      return parser.apply(v.get(option));
    } catch (IllegalArgumentException e) {
      throw UserError.usage("--" + option.key() + ": " + e.getMessage());
    }
  }

  private static <E extends Enum<E>> E choice(Map<JobOption, String> v, JobOption option, Class<E> type) {
    String value = v.get(option);
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(value == null ? "" : value.trim())) {
        return constant;
      }
    }
    throw UserError.usage("--" + option.key() + " '" + value + "' is not valid: expected " + option.argument());
  }

  private static boolean bool(Map<JobOption, String> v, JobOption option) {
    String value = v.get(option).trim().toLowerCase(Locale.ROOT);
    if (!value.equals("true") && !value.equals("false")) {
      throw UserError.usage("--" + option.key() + " '" + value + "' is not valid: expected true or false");
    }
    return Boolean.parseBoolean(value);
  }

  private static int integer(Map<JobOption, String> v, JobOption option) {
    try {
      return Integer.parseInt(v.get(option).trim());
    } catch (NumberFormatException e) {
      throw UserError.usage("--" + option.key() + " '" + v.get(option) + "' is not a whole number");
    }
  }

  private static double number(Map<JobOption, String> v, JobOption option) {
    try {
      return Double.parseDouble(v.get(option).trim());
    } catch (NumberFormatException e) {
      throw UserError.usage("--" + option.key() + " '" + v.get(option) + "' is not a number");
    }
  }

  private static List<String> parseList(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    List<String> items = new ArrayList<>();
    for (String item : Arrays.asList(text.split(","))) {
      if (!item.isBlank()) {
        items.add(item.trim());
      }
    }
    return Collections.unmodifiableList(items);
  }

  private static String stripSlash(String path) {
    return path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
  }

  String input() {
    return input;
  }

  String output() {
    return output;
  }

  String rejects() {
    return rejects;
  }

  /** Extra summary path, or null. */
  String summary() {
    return summary;
  }

  String inputFormat() {
    return inputFormat;
  }

  String outputFormat() {
    return outputFormat;
  }

  /** The codec to ask the sink for, or null for the sink's default. */
  String compression() {
    return compression;
  }

  List<String> partitionBy() {
    return partitionBy;
  }

  WriteMode writeMode() {
    return writeMode;
  }

  boolean force() {
    return force;
  }

  /** How long a claim lasts without renewal (renewed every tenth of it). */
  java.time.Duration claimExpiry() {
    return claimExpiry;
  }

  RejectLimit rejectLimit() {
    return rejectLimit;
  }

  ConvolutionSpec spec() {
    return spec;
  }

  /** The file of the one filter of every row ({@code --taps-file}), or null. */
  String tapsFile() {
    return tapsFile;
  }

  /** The taps table ({@code --taps-table}), or null. */
  String tapsTable() {
    return tapsTable;
  }

  String tapsTableFormat() {
    return tapsTableFormat;
  }
}
