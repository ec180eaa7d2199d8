package io.rowconv.spark;

import java.util.Locale;

/**
 * Why a row was not computed: the code written to {@code reject_reason} (README, "Bad input"). The one list of
 * them, for the job's rejects and for {@code rowconv_check}; the order the checks run is {@link RowStep}'s and
 * {@link ImageStep}'s to say.
 */
public enum RejectReason {
  /** The signal or taps value is null. */
  NULL_ARRAY,
  /** A key column of a row whose taps come from a taps table is null. */
  NULL_KEY,
  /** No filter in the taps table has the row's key. */
  TAPS_NOT_FOUND,
  /** An empty array (scipy raises on empty input). */
  EMPTY_ARRAY,
  /** Longer than the configured limit. */
  TOO_LONG,
  /** A null element inside the array. */
  NULL_ELEMENT,
  /** NaN or +-Inf in the signal or taps, under the reject policy. */
  NON_FINITE,
  /** A 2-D image or kernel whose rows differ in length. */
  NOT_RECTANGULAR,
  /** Mode valid with neither 2-D operand at least as large as the other in every dimension (scipy raises). */
  VALID_SHAPE,
  /** Finite signal and taps whose result overflows to +-Inf (or NaN), under the reject policy. */
  NON_FINITE_RESULT;

  /** The code, e.g. {@code null_array}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Every code, in order. */
  static String[] codes() {
    RejectReason[] values = values();
    String[] codes = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      codes[i] = values[i].code();
    }
    return codes;
  }
}
