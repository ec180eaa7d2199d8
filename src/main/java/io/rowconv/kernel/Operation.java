package io.rowconv.kernel;

import java.util.Locale;

/**
 * What to compute per row: {@code scipy.signal.convolve} or {@code scipy.signal.correlate}.
 *
 * <p>For real inputs {@code correlate(x, h, mode) == convolve(x, reversed(h), mode)} in every mode and
 * shape (k > n included), which is how correlation is computed here.
 */
public enum Operation {
  CONVOLVE,
  CORRELATE;

  /** Parses {@code convolve} or {@code correlate} (any case). */
  public static Operation parse(String text) {
    return EnumNames.parse(Operation.class, text, "op");
  }

  /** The lower-case name used on the command line and in configuration. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
