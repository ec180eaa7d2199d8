package io.rowconv.kernel;

/**
 * The one argument check of the 1-D kernel's public entry points, for both precisions ({@link Convolution},
 * {@link RowConvolver}, {@link SinglePrecisionConvolver}): what scipy refuses (null or empty operands) and
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
