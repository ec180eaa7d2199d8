package io.rowconv.app;

import io.rowconv.spark.ConvolutionSpec;
import java.util.Locale;

/**
 * Every option of the command line, with its built-in default and help text: the one place each default of
 * the job is written (a setting of the computation takes its default from {@link ConvolutionSpec}). The same
 * keys (without the leading dashes) are accepted in the job's configuration file
 * ({@code conf/rowconv.properties}, which shows the defaults commented out; JobConfigTest checks it).
 */
enum JobOption {
  INPUT("PATH", null, "Input dataset (a file or folder). Required."),
  OUTPUT("PATH", null, "Output dataset folder. Required."),
  MODE("full|same|valid|causal", ConvolutionSpec.MODE_DEFAULT.cliName(),
      "Output mode, as scipy.signal.convolve: full (n+k-1 samples), same (n), valid (|n-k|+1); causal: the "
          + "first n samples of full, the FIR filter's output (scipy.signal.lfilter(h, [1.0], x))."),
  OP("convolve|correlate", ConvolutionSpec.OPERATION_DEFAULT.cliName(), "scipy.signal.convolve or correlate."),
  DIMS("1|2", Integer.toString(ConvolutionSpec.DIMS_DEFAULT), "1: each row a signal and its taps (arrays of "
      + "numbers); 2: each row an image and its kernel (arrays of arrays of numbers, row-major), computed as "
      + "scipy.signal.convolve2d / correlate2d, result array<array<double>>."),
  BOUNDARY("fill|wrap|symm", ConvolutionSpec.BOUNDARY_DEFAULT.cliName(), "With --dims 2: how the image is "
      + "extended beyond its edges, as scipy's boundary: fill (with --fill-value), wrap, symm."),
  FILL_VALUE("V", Double.toString(ConvolutionSpec.FILL_VALUE_DEFAULT), "With --dims 2 and --boundary fill: the "
      + "value beyond the image's edges (scipy's fillvalue)."),
  METHOD("auto|direct|toeplitz|fft", ConvolutionSpec.METHOD_DEFAULT.cliName(),
      "How rows are computed: auto picks per row from (n, k) with a calibrated cost model; direct loop, "
          + "Toeplitz blocks x BLAS, or overlap-add FFT (rows with NaN/Inf always go direct)."),
  SIGNAL_COL("NAME", ConvolutionSpec.SIGNAL_COLUMN_DEFAULT, "Column holding each row's signal (array of numbers)."),
  TAPS_COL("NAME", ConvolutionSpec.TAPS_COLUMN_DEFAULT, "Column holding each row's filter taps: an array of "
      + "numbers, or an array of arrays of numbers (a bank of filters: one result per filter). With --taps-table, "
      + "the column of the taps table."),
  TAPS("X,Y,...", null, "One filter for every row, instead of a taps column, e.g. --taps \"0.25,0.5,0.25\"."),
  TAPS_FILE("PATH", null, "One filter for every row, from a file: .npy (np.save of a 1-D array), .json (an array "
      + "of numbers), or text with one number per line."),
  TAPS_TABLE("PATH", null, "A table of filters (its column --taps-col) looked up by --taps-key: each row is "
      + "convolved with the filter whose key equals its own (rows without one: rejected, taps_not_found)."),
  TAPS_KEY("COL[,COL...]", null, "Key columns, in the input and the taps table alike, for --taps-table."),
  TAPS_TABLE_FORMAT("NAME", "parquet", "Spark data source of the taps table."),
  OUTPUT_COL("NAME", ConvolutionSpec.OUTPUT_COLUMN_DEFAULT, "Column added to the output (array<double>)."),
  KEEP_OPERANDS("true|false", Boolean.toString(ConvolutionSpec.KEEP_OPERANDS_DEFAULT),
      "Keep the signal and taps columns in the output; false writes every other column + the result "
          + "(about half the bytes when n >> k). The rejects always keep every column."),
  WRITE_MODE("error|overwrite|append", "error",
      "What to do when the output exists: fail, replace it (only a previous rowconv output, unless --force; "
          + "with --partition-by only the partitions written), or add to it."),
  FORCE("true|false", "false", "Allow --write-mode overwrite of a folder that is not a previous rowconv output."),
  CLAIM_EXPIRY("SECONDS", "300", "A run claims its output and rejects folders (another run on them exits 2) and "
      + "renews its claim every tenth of this; a claim not renewed for this long lapses, so that the next run "
      + "takes over from a run that died (at once when it died on the same host)."),
  REJECTS("PATH", null, "Rejects dataset folder (bad rows + reject_reason + reject_message). "
      + "Default: the output path with '_rejects' appended."),
  SUMMARY("PATH", null, "Also write the run summary JSON here (it is always written to "
      + "OUTPUT/_rowconv_summary.json on success)."),
  MAX_REJECTS("N|FRACTION|P%", "unlimited",
      "Fail the run (exit 4, no output written) when more rows are rejected: a count (0 = strict), "
          + "a fraction below 1 (0.01) or a percentage (1%)."),
  NON_FINITE("reject|propagate", lower(ConvolutionSpec.NON_FINITE_DEFAULT),
      "Rows with NaN/Inf: reject them, or compute them with the direct method (scipy's propagation)."),
  PRECISION("double|single", lower(ConvolutionSpec.PRECISION_DEFAULT),
      "Arithmetic of the rows: double, or single for array<float> operands (sgemm, float result; scipy's "
          + "float32 behaviour, about 2x faster, error bound (min(n,k)+1)*2^-24*sum|h x|)."),
  MAX_LENGTH("N", Integer.toString(ConvolutionSpec.MAX_LENGTH_DEFAULT),
      "Longest signal or taps array accepted; longer rows are rejected (too_long)."),
  INPUT_FORMAT("NAME", "parquet", "Spark data source of the input (parquet, orc, json, ...)."),
  OUTPUT_FORMAT("NAME", "parquet", "Spark data source of the output and rejects: parquet, arrow-parquet (Parquet "
      + "by Arrow's native writer: faster for array columns, uncompressed, not partitioned), orc, json, ..., or "
      + "noop (compute, write nothing; the rejects then go to parquet)."),
  COMPRESSION("CODEC", null, "Compression codec of the output files (snappy, zstd, gzip, none, ...); default: "
      + "the format's (Spark's spark.sql.*.compression.codec; snappy for parquet)."),
  PARTITION_BY("COL[,COL...]", "", "Partition the output and rejects by these input columns."),
  CONFIG("FILE", null, "Job defaults file (key=value, keys as these options without dashes); "
      + "command-line options override it.");

  private final String argument;
  private final String defaultValue;
  private final String help;

  JobOption(String argument, String defaultValue, String help) {
    this.argument = argument;
    this.defaultValue = defaultValue;
    this.help = help;
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /** The key in the configuration file and, with two leading dashes, on the command line. */
  String key() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  String argument() {
    return argument;
  }

  String defaultValue() {
    return defaultValue;
  }

  String help() {
    return help;
  }

  static JobOption byKey(String key) {
    for (JobOption option : values()) {
      if (option.key().equals(key)) {
        return option;
      }
    }
    return null;
  }
}
