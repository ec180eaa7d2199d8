package io.rowconv.spark;

import io.rowconv.kernel.Method;
import io.rowconv.kernel.Mode;
import io.rowconv.kernel.Operation;
import java.io.Serializable;
import java.util.Objects;

/**
 * What the convolution stage computes and on which columns: an immutable value, validated when built,
 * small enough to ship to executors with each task.
 *
 * <pre>{@code
 * ConvolutionSpec spec = ConvolutionSpec.builder().signalColumn("x").tapsColumn("h")
 *     .outputColumn("y").mode(Mode.SAME).operation(Operation.CONVOLVE).build();
 * }</pre>
 */
public final class ConvolutionSpec implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final String SIGNAL_COLUMN_DEFAULT = "signal";
  public static final String TAPS_COLUMN_DEFAULT = "taps";
  public static final String OUTPUT_COLUMN_DEFAULT = "result";
  public static final Mode MODE_DEFAULT = Mode.SAME;
  public static final Operation OPERATION_DEFAULT = Operation.CONVOLVE;
  public static final Method METHOD_DEFAULT = Method.AUTO;
  /** Longest signal or taps array accepted; longer rows are rejected (reason {@code too_long}). */
  public static final int MAX_LENGTH_DEFAULT = 50_000_000;
  /** Upper bound of the limit itself: an output of n + k - 1 samples must fit in one Java array. */
  public static final int MAX_LENGTH_LIMIT = (Integer.MAX_VALUE - 16) / 2;
  public static final NonFinitePolicy NON_FINITE_DEFAULT = NonFinitePolicy.REJECT;
  public static final boolean KEEP_OPERANDS_DEFAULT = true;
  public static final Precision PRECISION_DEFAULT = Precision.DOUBLE;
  /** 1: a signal and its taps per row; 2: an image and its kernel per row ({@code convolve2d}). */
  public static final int DIMS_DEFAULT = 1;
  public static final io.rowconv.kernel.twod.Boundary BOUNDARY_DEFAULT = io.rowconv.kernel.twod.Boundary.FILL;
  public static final double FILL_VALUE_DEFAULT = 0.0;

  /** The arithmetic the rows are computed in. */
  public enum Precision {
    /** Operands read as (or cast to) double, result {@code array<double>}: the per-sample 1e-12 contract. */
    DOUBLE,
    /**
     * float32 operands computed in float (sgemm, float vectors), result {@code array<float>}, as scipy computes
     * float32 inputs; needs {@code array<float>} signal and taps. Accuracy: see the kernel's
     * {@code SinglePrecisionConvolver}.
     */
    SINGLE
  }

  /** What to do with rows whose signal or taps hold NaN or +-Inf. */
  public enum NonFinitePolicy {
    /** Send the row to the rejects with reason {@code non_finite}. */
    REJECT,
    /** Compute the row with the direct method: NaN/Inf reach exactly the outputs scipy's direct method gives. */
    PROPAGATE
  }

  private final String signalColumn;
  private final String tapsColumn;
  private final String outputColumn;
  private final Mode mode;
  private final Operation operation;
  private final Method method;
  private final int maxLength;
  private final NonFinitePolicy nonFinite;
  private final boolean keepOperands;
  private final Precision precision;
  private final double[] sharedTaps;
  private final java.util.List<String> tapsKeys;
  private final int dims;
  private final io.rowconv.kernel.twod.Boundary boundary;
  private final double fillValue;

  private ConvolutionSpec(Builder b) {
    this.signalColumn = b.signalColumn;
    this.tapsColumn = b.tapsColumn;
    this.outputColumn = b.outputColumn;
    this.mode = b.mode;
    this.operation = b.operation;
    this.method = b.method;
    this.maxLength = b.maxLength;
    this.nonFinite = b.nonFinite;
    this.keepOperands = b.keepOperands;
    this.precision = b.precision;
    this.sharedTaps = b.sharedTaps == null ? null : b.sharedTaps.clone();
    this.tapsKeys = java.util.List.copyOf(b.tapsKeys);
    this.dims = b.dims;
    this.boundary = b.boundary;
    this.fillValue = b.fillValue;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from this spec's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.signalColumn = signalColumn;
    b.tapsColumn = tapsColumn;
    b.outputColumn = outputColumn;
    b.mode = mode;
    b.operation = operation;
    b.method = method;
    b.maxLength = maxLength;
    b.nonFinite = nonFinite;
    b.keepOperands = keepOperands;
    b.precision = precision;
    b.sharedTaps = sharedTaps;
    b.tapsKeys = tapsKeys;
    b.dims = dims;
    b.boundary = boundary;
    b.fillValue = fillValue;
    return b;
  }

  public String signalColumn() {
    return signalColumn;
  }

  public String tapsColumn() {
    return tapsColumn;
  }

  public String outputColumn() {
    return outputColumn;
  }

  public Mode mode() {
    return mode;
  }

  public Operation operation() {
    return operation;
  }

  public Method method() {
    return method;
  }

  public int maxLength() {
    return maxLength;
  }

  public NonFinitePolicy nonFinite() {
    return nonFinite;
  }

  /** Whether the output keeps the signal and taps columns (the rejects always keep every column). */
  public boolean keepOperands() {
    return keepOperands;
  }

  public Precision precision() {
    return precision;
  }

  /** The one filter of every row ({@link Builder#sharedTaps}), or null when the taps come from a column. */
  public double[] sharedTaps() {
    return sharedTaps == null ? null : sharedTaps.clone();
  }

  /**
   * The key columns that look each row's taps up in a taps table ({@link Builder#tapsKeys}; the table's taps
   * column is {@link #tapsColumn()}), empty when the taps are in the input or shared.
   */
  public java.util.List<String> tapsKeys() {
    return tapsKeys;
  }

  /** 1 (signals) or 2 (images: each row an image and its kernel, {@code array<array<number>>}). */
  public int dims() {
    return dims;
  }

  /** How a 2-D image is extended beyond its edges (scipy's {@code boundary}). */
  public io.rowconv.kernel.twod.Boundary boundary() {
    return boundary;
  }

  /** The value of {@link io.rowconv.kernel.twod.Boundary#FILL} (scipy's {@code fillvalue}). */
  public double fillValue() {
    return fillValue;
  }

  /** Where the taps come from. */
  public enum TapsSource {
    /** A column of the input: each row its own filter, or its own bank of filters. */
    COLUMN,
    /** One filter for every row. */
    SHARED,
    /** A taps table joined by key. */
    TABLE
  }

  public TapsSource tapsSource() {
    return sharedTaps != null ? TapsSource.SHARED : tapsKeys.isEmpty() ? TapsSource.COLUMN : TapsSource.TABLE;
  }

  @Override
  public String toString() {
    return "op=" + operation.cliName() + " mode=" + mode.cliName() + " method=" + method.cliName() + " signal=" + signalColumn
        + " taps=" + tapsColumn + " output=" + outputColumn + " max-length=" + maxLength
        + " non-finite=" + nonFinite.name().toLowerCase(java.util.Locale.ROOT) + " keep-operands=" + keepOperands
        + " precision=" + precision.name().toLowerCase(java.util.Locale.ROOT)
        + switch (tapsSource()) {
          case COLUMN -> "";
          case SHARED -> " taps=shared(" + sharedTaps.length + " taps)";
          case TABLE -> " taps-key=" + String.join(",", tapsKeys);
        }
        + (dims == 2 ? " dims=2 boundary=" + boundary.cliName() + " fill-value=" + fillValue : "");
  }

  /** Validating builder; every setting starts at its {@code _DEFAULT}. */
  public static final class Builder {
    private String signalColumn = SIGNAL_COLUMN_DEFAULT;
    private String tapsColumn = TAPS_COLUMN_DEFAULT;
    private String outputColumn = OUTPUT_COLUMN_DEFAULT;
    private Mode mode = MODE_DEFAULT;
    private Operation operation = OPERATION_DEFAULT;
    private Method method = METHOD_DEFAULT;
    private int maxLength = MAX_LENGTH_DEFAULT;
    private NonFinitePolicy nonFinite = NON_FINITE_DEFAULT;
    private boolean keepOperands = KEEP_OPERANDS_DEFAULT;
    private Precision precision = PRECISION_DEFAULT;
    private double[] sharedTaps;
    private java.util.List<String> tapsKeys = java.util.List.of();
    private int dims = DIMS_DEFAULT;
    private io.rowconv.kernel.twod.Boundary boundary = BOUNDARY_DEFAULT;
    private double fillValue = FILL_VALUE_DEFAULT;

    private Builder() {}

    public Builder signalColumn(String name) {
      this.signalColumn = name;
      return this;
    }

    public Builder tapsColumn(String name) {
      this.tapsColumn = name;
      return this;
    }

    public Builder outputColumn(String name) {
      this.outputColumn = name;
      return this;
    }

    public Builder mode(Mode value) {
      this.mode = Objects.requireNonNull(value, "mode");
      return this;
    }

    public Builder operation(Operation value) {
      this.operation = Objects.requireNonNull(value, "operation");
      return this;
    }

    public Builder method(Method value) {
      this.method = Objects.requireNonNull(value, "method");
      return this;
    }

    public Builder maxLength(int value) {
      this.maxLength = value;
      return this;
    }

    public Builder nonFinite(NonFinitePolicy value) {
      this.nonFinite = Objects.requireNonNull(value, "nonFinite");
      return this;
    }

    public Builder keepOperands(boolean value) {
      this.keepOperands = value;
      return this;
    }

    public Builder precision(Precision value) {
      this.precision = Objects.requireNonNull(value, "precision");
      return this;
    }

    /**
     * One filter for every row, instead of a taps column (checked here: non-empty and finite). Rows that share
     * it reuse its prepared form (its transform, its Toeplitz block) within a task.
     */
    public Builder sharedTaps(double[] taps) {
      this.sharedTaps = taps == null ? null : taps.clone();
      return this;
    }

    /**
     * The key columns, in the input and in the taps table alike, by which each row's filter is looked up in a
     * taps table ({@code ConvolutionStage.apply(input, tapsTable, spec)}); the table's filter column is
     * {@link #tapsColumn}.
     */
    public Builder tapsKeys(String... keys) {
      this.tapsKeys = java.util.List.of(keys);
      return this;
    }

    /** 1 (signals) or 2 (images: each row an image and its kernel as {@code array<array<number>>}). */
    public Builder dims(int value) {
      this.dims = value;
      return this;
    }

    /** How a 2-D image is extended beyond its edges: fill (with {@link #fillValue}), wrap or symm. */
    public Builder boundary(io.rowconv.kernel.twod.Boundary value) {
      this.boundary = Objects.requireNonNull(value, "boundary");
      return this;
    }

    /** The value beyond a 2-D image's edges for {@code boundary fill} (0 by default). */
    public Builder fillValue(double value) {
      this.fillValue = value;
      return this;
    }

    public ConvolutionSpec build() {
      requireName("signal column", signalColumn);
      requireName("taps column", tapsColumn);
      requireName("output column", outputColumn);
      if (outputColumn.equals(signalColumn) || outputColumn.equals(tapsColumn)) {
        throw UserError.usage("output column '" + outputColumn
            + "' must differ from the signal and taps columns: choose another --output-col");
      }
      if (maxLength < 1 || maxLength > MAX_LENGTH_LIMIT) {
        throw UserError.usage("max-length " + maxLength + " is out of range: expected 1.." + MAX_LENGTH_LIMIT);
      }
      if (sharedTaps != null) {
        if (!tapsKeys.isEmpty()) {
          throw UserError.usage("the taps come either from a taps table (taps keys) or shared by every row, not both");
        }
        if (sharedTaps.length == 0) {
          throw UserError.usage("the shared taps are empty (scipy raises on empty input)");
        }
        if (sharedTaps.length > maxLength) {
          throw UserError.usage("the shared taps hold " + sharedTaps.length + " values, more than max-length "
              + maxLength);
        }
        for (int i = 0; i < sharedTaps.length; i++) {
          if (!Double.isFinite(sharedTaps[i])) {
            throw UserError.usage("shared taps: element " + i + " is " + sharedTaps[i]);
          }
        }
      }
      for (String key : tapsKeys) {
        requireName("taps key column", key);
      }
      if (dims != 1 && dims != 2) {
        throw UserError.usage("dims " + dims + " is not valid: expected 1 (signals) or 2 (images)");
      }
      if (dims == 2) {
        if (mode == Mode.CAUSAL) {
          throw UserError.usage("mode causal (lfilter's output) has no 2-D meaning: use full, same or valid");
        }
        if (precision == Precision.SINGLE) {
          throw UserError.usage("2-D rows are computed in double precision: drop --precision single");
        }
        if (sharedTaps != null) {
          throw UserError.usage("shared taps (--taps, --taps-file) are a 1-D filter: with --dims 2 give each "
              + "row's kernel in a column (--taps-col) or a taps table (--taps-table)");
        }
        if (!Double.isFinite(fillValue)) {
          throw UserError.usage("fill value " + fillValue + " is not finite");
        }
      }
      return new ConvolutionSpec(this);
    }

    private static void requireName(String what, String name) {
      if (name == null || name.isBlank()) {
        throw UserError.usage(what + " name must not be empty");
      }
    }
  }
}
