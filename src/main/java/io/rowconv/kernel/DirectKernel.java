package io.rowconv.kernel;

/**
 * The direct method as the kernel runs it: {@link VectorDirectConvolution} when the JVM has the incubating
 * Vector API module ({@code --add-modules jdk.incubator.vector}), else the scalar {@link DirectConvolution}.
 * The check runs once; the vector class is never loaded without the module. Owns the zero-padded window the
 * vector loop reads for edge outputs and the buffer it writes them to (both reused across rows); not
 * thread-safe.
 */
final class DirectKernel {

  /** True when SIMD direct convolution is available in this JVM. */
  static final boolean VECTORIZED = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
      && !Boolean.getBoolean("rowconv.direct.scalar");

  /** Zero-padded signal window for the vector loop's edge outputs. Reused across rows. */
  private double[] window = new double[0];
  /** The edge outputs, computed in whole vector-loop grains and copied out. Reused across rows. */
  private double[] edgeOut = new double[0];

  /** k = 1: the full convolution is the signal scaled by the one tap (n outputs, all in range). */
  private static void scale(double[] signal, int signalOffset, double tap, int fullStart, int length,
      double[] out, int outOffset) {
    int from = signalOffset + fullStart;
    if (VECTORIZED) {
      VectorDirectConvolution.scale(signal, from, tap, length, out, outOffset);
      return;
    }
    for (int i = 0; i < length; i++) {
      out[outOffset + i] = tap * signal[from + i] + 0.0; // +0.0 like scipy's sum from zero (no -0.0)
    }
  }

  /** True when no element of {@code a[offset .. + length)} is NaN or +-Inf. */
  static boolean allFinite(double[] a, int offset, int length) {
    if (VECTORIZED) {
      return VectorDirectConvolution.allFinite(a, offset, length);
    }
    // x * 0 is 0 for finite x and NaN for NaN and +-Inf, and NaN survives any sum: four independent sums
    // (no branch, no dependency chain) and one test at the end.
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = offset;
    int end = offset + length;
    for (; i + 3 < end; i += 4) {
      s0 += a[i] * 0.0;
      s1 += a[i + 1] * 0.0;
      s2 += a[i + 2] * 0.0;
      s3 += a[i + 3] * 0.0;
    }
    for (; i < end; i++) {
      s0 += a[i] * 0.0;
    }
    return s0 + s1 + s2 + s3 == 0.0;
  }

  /**
   * Same contract as {@link DirectConvolution#convolveRange}, with one more precondition on the vector path:
   * the taps must be finite. The vector loop reads the zero padding around the signal, and {@code 0 * Inf}
   * would put NaN on edge outputs that scipy leaves finite; NaN or Inf in the signal is harmless (each
   * reaches exactly the outputs it touches, as in scipy). Callers check the k taps, never the n samples.
   */
  void convolveRange(
      double[] signal, int signalOffset, int n,
      double[] taps, int tapsOffset, int k,
      int fullStart, int length, double[] out, int outOffset) {
    if (k == 1) {
      scale(signal, signalOffset, taps[tapsOffset], fullStart, length, out, outOffset);
    } else if (VECTORIZED) {
      convolveVectorized(signal, signalOffset, n, taps, tapsOffset, k, fullStart, length, out, outOffset);
    } else {
      DirectConvolution.convolveRange(signal, signalOffset, n, taps, tapsOffset, k, fullStart, length, out,
          outOffset);
    }
  }

  /**
   * Output {@code t} reads padded-signal positions {@code t + shift .. t + shift + k - 1} (signal indices,
   * {@code shift = fullStart - (k - 1)}). Outputs whose whole window lies on the signal read it in place;
   * the head and tail outputs go through a small zero-padded copy. The interior is a whole number of the
   * vector loop's grains ({@link VectorDirectConvolution#GRAIN} outputs) and starts on a grain boundary; the
   * edges are computed in whole grains too (a short row with long taps is one padded piece).
   */
  private void convolveVectorized(
      double[] signal, int signalOffset, int n,
      double[] taps, int tapsOffset, int k,
      int fullStart, int length, double[] out, int outOffset) {
    int shift = fullStart - (k - 1);
    int interiorStart = interiorStart(shift, VectorDirectConvolution.GRAIN);
    int interiorLength = interiorLength(n, k, shift, length, interiorStart, VectorDirectConvolution.GRAIN);
    if (interiorLength == 0) {
      convolvePadded(signal, signalOffset, n, taps, tapsOffset, k, fullStart, length, out, outOffset);
      return;
    }
    int interiorEnd = interiorStart + interiorLength;
    convolvePadded(signal, signalOffset, n, taps, tapsOffset, k, fullStart, interiorStart, out, outOffset);
    VectorDirectConvolution.convolveWindow(signal, signalOffset + shift + interiorStart, taps, tapsOffset, k,
        interiorLength, out, outOffset + interiorStart);
    convolvePadded(signal, signalOffset, n, taps, tapsOffset, k, fullStart + interiorEnd, length - interiorEnd,
        out, outOffset + interiorEnd);
  }

  /** First output, a multiple of {@code step}, from which every window lies on the signal. */
  static int interiorStart(int shift, int step) {
    int onSignal = Math.max(0, -shift);
    return (onSignal + step - 1) / step * step;
  }

  /** Outputs from {@code start} on, a multiple of {@code step}, whose windows all lie on the signal. */
  static int interiorLength(int n, int k, int shift, int length, int start, int step) {
    int offSignal = Math.min(length, n - (k - 1) - shift); // one past the last output on the signal
    return offSignal > start ? (offSignal - start) / step * step : 0;
  }

  /**
   * Outputs whose windows reach the zero padding: computed over a zero-padded copy, rounded up to the vector
   * loop's grain (at most 3V - 1 more outputs, at the loop's speed) and copied out.
   */
  private void convolvePadded(
      double[] signal, int signalOffset, int n,
      double[] taps, int tapsOffset, int k,
      int fullStart, int length, double[] out, int outOffset) {
    if (length == 0) {
      return;
    }
    int grain = VectorDirectConvolution.GRAIN;
    int grains = (length + grain - 1) / grain * grain;
    int size = grains + k - 1; // the vector loop reads window[0 .. grains + k - 2]
    if (window.length < size) {
      window = new double[size];
    }
    if (edgeOut.length < grains) {
      edgeOut = new double[grains];
    }
    ToeplitzBlockConvolution.fillWindow(window, signal, signalOffset, n, k, fullStart, size);
    VectorDirectConvolution.convolveWindow(window, 0, taps, tapsOffset, k, grains, edgeOut, 0);
    System.arraycopy(edgeOut, 0, out, outOffset, length);
  }
}
