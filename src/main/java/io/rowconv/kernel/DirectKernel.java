package io.rowconv.kernel;

/**
 * The direct method as the kernel runs it: {@link VectorDirectConvolution} when the JVM has the incubating
 * Vector API module ({@code --add-modules jdk.incubator.vector}), else the scalar {@link DirectConvolution}.
 * The check runs once; the vector class is never loaded without the module.
 */
final class DirectKernel {

  /** True when SIMD direct convolution is available in this JVM. */
  static final boolean VECTORIZED = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
      && !Boolean.getBoolean("rowconv.direct.scalar");

  private DirectKernel() {}

  /** k = 1: the full convolution is the signal scaled by the one tap (n outputs, all in range). */
  private static void scale(double[] signal, int signalOffset, double tap, int fullStart, int length,
      double[] out, int outOffset) {
    int from = signalOffset + fullStart;
    for (int i = 0; i < length; i++) {
      out[outOffset + i] = tap * signal[from + i];
    }
  }

  static void convolveRange(
      double[] signal, int signalOffset, int n,
      double[] taps, int tapsOffset, int k,
      int fullStart, int length, double[] out, int outOffset) {
    if (k == 1) {
      scale(signal, signalOffset, taps[tapsOffset], fullStart, length, out, outOffset);
    } else if (VECTORIZED) {
      VectorDirectConvolution.convolveRange(signal, signalOffset, n, taps, tapsOffset, k, fullStart, length,
          out, outOffset);
    } else {
      DirectConvolution.convolveRange(signal, signalOffset, n, taps, tapsOffset, k, fullStart, length, out,
          outOffset);
    }
  }
}
