package io.rowconv.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link VectorDirectConvolution} in single precision: twice the lanes per vector. Only loaded when the JVM
 * has the incubating Vector API module ({@link FloatDirectKernel} checks).
 */
final class VectorFloatDirectConvolution {

  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int V = SPECIES.length();
  /** Outputs per step of the main loop of {@link #convolveWindow} (four vectors). */
  static final int STEP = 4 * V;

  private VectorFloatDirectConvolution() {}

  /** True when no element is NaN or +-Inf. */
  static boolean allFinite(float[] a, int offset, int length) {
    FloatVector s = FloatVector.zero(SPECIES);
    int i = offset;
    int end = offset + length;
    for (; i + V <= end; i += V) {
      s = s.add(FloatVector.fromArray(SPECIES, a, i).mul(0.0f));
    }
    float tail = 0;
    for (; i < end; i++) {
      tail += a[i] * 0.0f;
    }
    return s.reduceLanes(VectorOperators.ADD) + tail == 0.0f;
  }

  /** {@code out[outOffset + i] = tap * signal[from + i] + 0} for {@code i < length} (no -0.0, as scipy). */
  static void scale(float[] signal, int from, float tap, int length, float[] out, int outOffset) {
    int i = 0;
    for (; i + V <= length; i += V) {
      FloatVector.fromArray(SPECIES, signal, from + i).fma(tap, 0.0f).intoArray(out, outOffset + i);
    }
    for (; i < length; i++) {
      out[outOffset + i] = tap * signal[from + i] + 0.0f;
    }
  }

  /** {@link VectorDirectConvolution#convolveWindow} for floats. */
  static void convolveWindow(float[] window, int windowOffset, float[] taps, int tapsOffset, int k,
      int length, float[] out, int outOffset) {
    int t = 0;
    for (; t + 4 * V <= length; t += 4 * V) {
      FloatVector a0 = FloatVector.zero(SPECIES);
      FloatVector a1 = FloatVector.zero(SPECIES);
      FloatVector a2 = FloatVector.zero(SPECIES);
      FloatVector a3 = FloatVector.zero(SPECIES);
      int base = windowOffset + t + k - 1;
      for (int j = 0; j < k; j++) {
        FloatVector w = FloatVector.broadcast(SPECIES, taps[tapsOffset + j]);
        int p = base - j;
        a0 = FloatVector.fromArray(SPECIES, window, p).fma(w, a0);
        a1 = FloatVector.fromArray(SPECIES, window, p + V).fma(w, a1);
        a2 = FloatVector.fromArray(SPECIES, window, p + 2 * V).fma(w, a2);
        a3 = FloatVector.fromArray(SPECIES, window, p + 3 * V).fma(w, a3);
      }
      int o = outOffset + t;
      a0.intoArray(out, o);
      a1.intoArray(out, o + V);
      a2.intoArray(out, o + 2 * V);
      a3.intoArray(out, o + 3 * V);
    }
    for (; t + V <= length; t += V) {
      FloatVector a0 = FloatVector.zero(SPECIES);
      for (int j = 0; j < k; j++) {
        a0 = FloatVector.fromArray(SPECIES, window, windowOffset + t + k - 1 - j)
            .fma(FloatVector.broadcast(SPECIES, taps[tapsOffset + j]), a0);
      }
      a0.intoArray(out, outOffset + t);
    }
    for (; t < length; t++) {
      float sum = 0;
      for (int j = 0; j < k; j++) {
        sum = Math.fma(taps[tapsOffset + j], window[windowOffset + t + k - 1 - j], sum);
      }
      out[outOffset + t] = sum;
    }
  }
}
