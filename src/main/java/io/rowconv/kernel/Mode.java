package io.rowconv.kernel;

import java.util.Locale;

/**
 * Output mode, with exactly {@code scipy.signal.convolve}'s semantics for 1-D inputs.
 *
 * <p>For a signal of length {@code n} and taps of length {@code k} the full convolution has
 * {@code n + k - 1} samples. Every mode is a contiguous slice of it, described by {@link #fullOffset}
 * and {@link #outputLength}:
 *
 * <ul>
 *   <li>{@link #FULL}: all {@code n + k - 1} samples.
 *   <li>{@link #SAME}: {@code n} samples (the signal's length, also when {@code k > n}), starting at
 *       {@code (k - 1) / 2}. numpy's 'same' (length {@code max(n, k)}) is different; we follow scipy.
 *   <li>{@link #VALID}: {@code |n - k| + 1} samples, starting at {@code min(n, k) - 1}. When
 *       {@code k > n} scipy swaps the operands; since the full convolution is symmetric in its operands
 *       that is the same slice.
 * </ul>
 */
public enum Mode {
  FULL,
  SAME,
  VALID;

  /** Number of output samples for a signal of length {@code n} and taps of length {@code k} (both >= 1). */
  public int outputLength(int n, int k) {
    switch (this) {
      case FULL:
        return n + k - 1;
      case SAME:
        return n;
      case VALID:
        return Math.abs(n - k) + 1;
      default:
        throw new AssertionError(this);
    }
  }

  /** Index in the full convolution of this mode's first output sample. */
  public int fullOffset(int n, int k) {
    switch (this) {
      case FULL:
        return 0;
      case SAME:
        return (k - 1) / 2;
      case VALID:
        return Math.min(n, k) - 1;
      default:
        throw new AssertionError(this);
    }
  }

  /** Parses {@code full}, {@code same} or {@code valid} (any case). */
  public static Mode parse(String text) {
    return EnumNames.parse(Mode.class, text, "mode");
  }

  /** The lower-case name used on the command line and in configuration. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
