package io.rowconv.kernel;

/**
 * The one argument check of the 1-D kernel's public entry points, for both precisions ({@link Convolution},
 * {@link RowConvolver}, {@link SinglePrecisionConvolver}) and for filter banks ({@link FilterBankConvolver}):
 * what scipy refuses (null or empty operands) and
 * ranges that do not fit their arrays. Array lengths are passed as ints, -1 for a null array, so that
 * {@code double[]} and {@code float[]} rows share it. The kernels behind it trust their arguments.
 */
final class RowArguments {

  private RowArguments() {}

  /**
   * Checks one row, {@code signal[signalOffset .. + n)} and {@code taps[tapsOffset .. + k)} into
   * {@code out[outOffset .. + length)}, and returns {@code length = mode.outputLength(n, k)}.
   */
  static int check(Operation op, Mode mode, Method method,
      int signalArray, int signalOffset, int n,
      int tapsArray, int tapsOffset, int k,
      int outArray, int outOffset) {
    checkRange("signal", signalArray, signalOffset, n);
    checkRange("taps", tapsArray, tapsOffset, k);
    int length = outputLength(op, mode, method, n, k);
    checkRange("out", outArray, outOffset, length);
    return length;
  }

  /**
   * The output length of {@code op(x, h, mode)} for operands of lengths {@code n} and {@code k} (-1: null),
   * after the checks that need no output array (the allocating entry points size their result from it).
   */
  static int outputLength(Operation op, Mode mode, Method method, int n, int k) {
    if (op == null || mode == null || method == null) {
      throw new IllegalArgumentException("op, mode and method must not be null");
    }
    if (n < 0 || k < 0) {
      throw new IllegalArgumentException("signal and taps must not be null");
    }
    if (n == 0 || k == 0) {
      throw new IllegalArgumentException(
          "signal and taps must not be empty (scipy raises too), got lengths " + n + " and " + k);
    }
    return mode.outputLength(n, k);
  }

  /**
   * Checks a filter bank: the signal {@code signal[signalOffset .. + n)} and, for each filter {@code f <
   * filters}, taps {@code taps[tapsOffsets[f] .. + tapsLengths[f])} into {@code out[outOffsets[f] .. +
   * mode.outputLength(n, tapsLengths[f]))}. Returns the number of samples written over all filters. A bank of
   * no filters is allowed (nothing to write; the signal is still checked).
   */
  static long checkBank(Operation op, Mode mode, Method method,
      int signalArray, int signalOffset, int n,
      int tapsArray, int[] tapsOffsets, int[] tapsLengths, int filters,
      int outArray, int[] outOffsets) {
    if (filters < 0) {
      throw new IllegalArgumentException("filters must be >= 0, got " + filters);
    }
    checkIndices("tapsOffsets", tapsOffsets, filters);
    checkIndices("tapsLengths", tapsLengths, filters);
    checkIndices("outOffsets", outOffsets, filters);
    outputLength(op, mode, method, n, 1);
    checkRange("signal", signalArray, signalOffset, n);
    long total = 0;
    for (int f = 0; f < filters; f++) {
      int k = tapsLengths[f];
      if (k <= 0) {
        throw new IllegalArgumentException(
            "filter " + f + " has " + k + " taps: every filter needs at least one (scipy raises on empty taps)");
      }
      checkRange("taps of filter " + f, tapsArray, tapsOffsets[f], k);
      int length = mode.outputLength(n, k);
      checkRange("out of filter " + f, outArray, outOffsets[f], length);
      total += length;
    }
    return total;
  }

  private static void checkIndices(String name, int[] indices, int filters) {
    if (indices == null) {
      throw new IllegalArgumentException(name + " is null");
    }
    if (indices.length < filters) {
      throw new IllegalArgumentException(
          name + " has " + indices.length + " entries for " + filters + " filters");
    }
  }

  /** Length of {@code array} for the checks above: -1 when it is null. */
  static int lengthOf(double[] array) {
    return array == null ? -1 : array.length;
  }

  /** Length of {@code array} for the checks above: -1 when it is null. */
  static int lengthOf(float[] array) {
    return array == null ? -1 : array.length;
  }

  private static void checkRange(String name, int arrayLength, int offset, int length) {
    if (arrayLength < 0) {
      throw new IllegalArgumentException(name + " array is null");
    }
    if (offset < 0 || length < 0 || offset > arrayLength - length) {
      throw new IllegalArgumentException(
          name + " range [" + offset + ", " + offset + " + " + length + ") is outside an array of length "
              + arrayLength);
    }
  }
}
