package io.rowconv.kernel;

import java.util.Locale;

/**
 * Output mode, with exactly {@code scipy.signal.convolve}'s semantics for 1-D inputs, plus {@link #CAUSAL}, the
 * output of an FIR filter ({@code scipy.signal.lfilter(h, [1.0], x)}).
 *
 * <p>For a signal of length {@code n} and taps of length {@code k} the full convolution has
 * {@code n + k - 1} samples. Every mode is a contiguous slice of it, described by {@link #fullOffset}
 * and {@link #outputLength}:
 *
 * <table>
 *   <caption>Slices of the full result</caption>
 *   <tr><th>mode</th><th>length</th><th>first full index</th><th>scipy</th></tr>
 *   <tr><td>{@link #FULL}</td><td>{@code n + k - 1}</td><td>0</td><td>{@code convolve(x, h, 'full')}</td></tr>
 *   <tr><td>{@link #SAME}</td><td>{@code n} (also when {@code k > n})</td><td>{@code (k - 1) / 2}</td>
 *       <td>{@code convolve(x, h, 'same')}</td></tr>
 *   <tr><td>{@link #VALID}</td><td>{@code |n - k| + 1}</td><td>{@code min(n, k) - 1}</td>
 *       <td>{@code convolve(x, h, 'valid')}</td></tr>
 *   <tr><td>{@link #CAUSAL}</td><td>{@code n} (also when {@code k > n})</td><td>0</td>
 *       <td>{@code lfilter(h, [1.0], x)} = {@code convolve(x, h, 'full')[:n]}</td></tr>
 * </table>
 *
 * <ul>
 *   <li>{@link #SAME}: numpy's 'same' (length {@code max(n, k)}) is different; we follow scipy.
 *   <li>{@link #VALID}: when {@code k > n} scipy swaps the operands; since the full convolution is symmetric in
 *       its operands that is the same slice.
 *   <li>{@link #CAUSAL}: output {@code i} depends on the signal up to sample {@code i} only, as a filter
 *       running over a stream does (audio, sensors). For correlation it is the first {@code n} samples of the
 *       full correlation, {@code correlate(x, h, 'full')[:n]} = {@code lfilter(h[::-1], [1.0], x)} (lags
 *       {@code -(k - 1) .. n - k}).
 * </ul>
 */
public enum Mode {
  FULL,
  SAME,
  VALID,
  CAUSAL;

  /** Number of output samples for a signal of length {@code n} and taps of length {@code k} (both >= 1). */
  public int outputLength(int n, int k) {
    switch (this) {
      case FULL:
        return n + k - 1;
      case SAME:
      case CAUSAL:
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
      case CAUSAL:
        return 0;
      case SAME:
        return (k - 1) / 2;
      case VALID:
        return Math.min(n, k) - 1;
      default:
        throw new AssertionError(this);
    }
  }

  /** Parses {@code full}, {@code same}, {@code valid} or {@code causal} (any case). */
  public static Mode parse(String text) {
    return EnumNames.parse(Mode.class, text, "mode");
  }

  /** The lower-case name used on the command line and in configuration. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
