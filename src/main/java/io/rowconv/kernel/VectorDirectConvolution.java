package io.rowconv.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The direct loop with SIMD (the incubating Java Vector API): each tap is broadcast and multiplied into
 * four vectors of consecutive outputs at once, {@code y[i .. i+4V) += h[j] * x[i-j .. i-j+4V)}: interior
 * outputs read the signal in place, edge outputs a small zero-padded copy ({@link DirectKernel}).
 *
 * <p>Only loaded when the JVM runs with {@code --add-modules jdk.incubator.vector} (submit.sh and
 * conf/spark-defaults.conf add it); {@link DirectKernel} falls back to the scalar loop otherwise. The sums
 * run in increasing tap order like the scalar loop, with fused multiply-adds, so results differ from it only
 * by rounding (within the 1e-12 contract).
 */
final class VectorDirectConvolution {

  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  private static final int V = SPECIES.length();
  /** Outputs per step of the main loop of {@link #convolveWindow} (four vectors). */
  static final int STEP = 4 * V;

  private VectorDirectConvolution() {}

  /** True when no element is NaN or +-Inf: {@code x * 0} is 0 exactly for finite x, NaN otherwise. */
  static boolean allFinite(double[] a, int offset, int length) {
    DoubleVector s0 = DoubleVector.zero(SPECIES);
    DoubleVector s1 = DoubleVector.zero(SPECIES);
    int i = offset;
    int end = offset + length;
    for (; i + 2 * V <= end; i += 2 * V) {
      s0 = s0.add(DoubleVector.fromArray(SPECIES, a, i).mul(0.0));
      s1 = s1.add(DoubleVector.fromArray(SPECIES, a, i + V).mul(0.0));
    }
    double tail = 0;
    for (; i < end; i++) {
      tail += a[i] * 0.0;
    }
    return s0.add(s1).reduceLanes(jdk.incubator.vector.VectorOperators.ADD) + tail == 0.0;
  }

  /** {@code out[outOffset + i] = tap * signal[from + i]} for {@code i < length}. */
  static void scale(double[] signal, int from, double tap, int length, double[] out, int outOffset) {
    // "+ 0.0" as the sum in scipy's direct loop starts from +0: -2 * 0 gives +0.0 there, not -0.0
    int i = 0;
    for (; i + V <= length; i += V) {
      DoubleVector.fromArray(SPECIES, signal, from + i).fma(tap, 0.0).intoArray(out, outOffset + i);
    }
    for (; i < length; i++) {
      out[outOffset + i] = tap * signal[from + i] + 0.0;
    }
  }

  /**
   * {@code out[outOffset + t] = sum_j taps[tapsOffset + j] * window[windowOffset + t + k - 1 - j]} for
   * {@code t < length}: the direct convolution over a window that holds the zero padding where it is needed
   * (or none, for interior outputs read from the signal in place), so every read is in range.
   * Requires {@code window.length >= windowOffset + length + k - 1}.
   */
  static void convolveWindow(double[] window, int windowOffset, double[] taps, int tapsOffset, int k,
      int length, double[] out, int outOffset) {
    int t = 0;
    int wide = 4 * V;
    for (; t + wide <= length; t += wide) {
      DoubleVector a0 = DoubleVector.zero(SPECIES);
      DoubleVector a1 = DoubleVector.zero(SPECIES);
      DoubleVector a2 = DoubleVector.zero(SPECIES);
      DoubleVector a3 = DoubleVector.zero(SPECIES);
      int base = windowOffset + t + k - 1;
      for (int j = 0; j < k; j++) {
        DoubleVector w = DoubleVector.broadcast(SPECIES, taps[tapsOffset + j]);
        int p = base - j;
        a0 = DoubleVector.fromArray(SPECIES, window, p).fma(w, a0);
        a1 = DoubleVector.fromArray(SPECIES, window, p + V).fma(w, a1);
        a2 = DoubleVector.fromArray(SPECIES, window, p + 2 * V).fma(w, a2);
        a3 = DoubleVector.fromArray(SPECIES, window, p + 3 * V).fma(w, a3);
      }
      int o = outOffset + t;
      a0.intoArray(out, o);
      a1.intoArray(out, o + V);
      a2.intoArray(out, o + 2 * V);
      a3.intoArray(out, o + 3 * V);
    }
    for (; t + V <= length; t += V) {
      DoubleVector a0 = DoubleVector.zero(SPECIES);
      for (int j = 0; j < k; j++) {
        a0 = DoubleVector.fromArray(SPECIES, window, windowOffset + t + k - 1 - j)
            .fma(DoubleVector.broadcast(SPECIES, taps[tapsOffset + j]), a0);
      }
      a0.intoArray(out, outOffset + t);
    }
    for (; t < length; t++) {
      double sum = 0;
      for (int j = 0; j < k; j++) {
        sum = Math.fma(taps[tapsOffset + j], window[windowOffset + t + k - 1 - j], sum);
      }
      out[outOffset + t] = sum;
    }
  }
}
