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
  /** Outputs per step of the main loop of {@link #convolveWindow} (six vectors). */
  static final int STEP = 6 * V;
  /** {@link #convolveWindow} computes whole multiples of this many outputs: six vectors, then three. */
  static final int GRAIN = 3 * V;

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

  /** max |a_i| over the range: NaN if an element is NaN, +Inf if one is infinite (Math.max's rules). */
  static float maxAbs(float[] a, int offset, int length) {
    FloatVector m = FloatVector.zero(SPECIES);
    int i = offset;
    int end = offset + length;
    for (; i + V <= end; i += V) {
      m = m.max(FloatVector.fromArray(SPECIES, a, i).abs());
    }
    float tail = 0;
    for (; i < end; i++) {
      tail = Math.max(tail, Math.abs(a[i]));
    }
    return Math.max(m.reduceLanes(VectorOperators.MAX), tail);
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

  /** {@link VectorDirectConvolution#convolveWindow} for floats (taps paired as there, V floats apart). */
  static void convolveWindow(float[] window, int windowOffset, float[] taps, int tapsOffset, int k,
      int length, float[] out, int outOffset) {
    if (length % GRAIN != 0) {
      throw new IllegalArgumentException("length " + length + " is not a multiple of " + GRAIN);
    }
    // two methods, so that the JIT compiles each loop nest on its own profile
    int steps = length / STEP * STEP;
    if (steps > 0) {
      convolveSteps(window, windowOffset, taps, tapsOffset, k, steps, out, outOffset);
    }
    if (steps < length) {
      convolveLastGrain(window, windowOffset + steps, taps, tapsOffset, k, out, outOffset + steps);
    }
  }

  // Taps pair up as (j, j + V) within each run of 2V taps: j = q / V * 2V + q % V for pair q. The last, partial
  // run of r < 2V taps has r - V pairs when r > V; its taps without a partner are taken one at a time.

  /** Pairs (j, j + V) among k taps. */
  private static int pairCount(int k) {
    int runs = k / (2 * V);
    return runs * V + Math.max(0, k - runs * 2 * V - V);
  }

  /** The first tap without a partner (k when every tap is paired). */
  private static int firstUnpaired(int k) {
    int run = k / (2 * V) * 2 * V;
    return run + Math.max(0, k - run - V);
  }

  /** One past the last tap without a partner. */
  private static int endOfUnpaired(int k) {
    int run = k / (2 * V) * 2 * V;
    return run + Math.min(V, k - run);
  }

  /** Whole steps of six vectors: {@code length} is a multiple of {@link #STEP}. */
  private static void convolveSteps(float[] window, int windowOffset, float[] taps, int tapsOffset, int k,
      int length, float[] out, int outOffset) {
    int pairs = pairCount(k);
    int singlesFrom = firstUnpaired(k);
    int singlesTo = endOfUnpaired(k);
    for (int t = 0; t < length; t += STEP) {
      FloatVector a0 = FloatVector.zero(SPECIES);
      FloatVector a1 = a0;
      FloatVector a2 = a0;
      FloatVector a3 = a0;
      FloatVector a4 = a0;
      FloatVector a5 = a0;
      int base = windowOffset + t + k - 1;
      for (int q = 0; q < pairs; q++) {
        // tap j reads vectors p + iV, tap j + V the same vectors one place earlier: 7 loads, 12 fmas
        int j = q / V * 2 * V + q % V;
        FloatVector w = FloatVector.broadcast(SPECIES, taps[tapsOffset + j]);
        FloatVector wv = FloatVector.broadcast(SPECIES, taps[tapsOffset + j + V]);
        int p = base - j;
        FloatVector lm = FloatVector.fromArray(SPECIES, window, p - V);
        FloatVector l0 = FloatVector.fromArray(SPECIES, window, p);
        FloatVector l1 = FloatVector.fromArray(SPECIES, window, p + V);
        FloatVector l2 = FloatVector.fromArray(SPECIES, window, p + 2 * V);
        FloatVector l3 = FloatVector.fromArray(SPECIES, window, p + 3 * V);
        FloatVector l4 = FloatVector.fromArray(SPECIES, window, p + 4 * V);
        FloatVector l5 = FloatVector.fromArray(SPECIES, window, p + 5 * V);
        a0 = l0.fma(w, a0);
        a1 = l1.fma(w, a1);
        a2 = l2.fma(w, a2);
        a3 = l3.fma(w, a3);
        a4 = l4.fma(w, a4);
        a5 = l5.fma(w, a5);
        a0 = lm.fma(wv, a0);
        a1 = l0.fma(wv, a1);
        a2 = l1.fma(wv, a2);
        a3 = l2.fma(wv, a3);
        a4 = l3.fma(wv, a4);
        a5 = l4.fma(wv, a5);
      }
      for (int j = singlesFrom; j < singlesTo; j++) {
        FloatVector w = FloatVector.broadcast(SPECIES, taps[tapsOffset + j]);
        int p = base - j;
        a0 = FloatVector.fromArray(SPECIES, window, p).fma(w, a0);
        a1 = FloatVector.fromArray(SPECIES, window, p + V).fma(w, a1);
        a2 = FloatVector.fromArray(SPECIES, window, p + 2 * V).fma(w, a2);
        a3 = FloatVector.fromArray(SPECIES, window, p + 3 * V).fma(w, a3);
        a4 = FloatVector.fromArray(SPECIES, window, p + 4 * V).fma(w, a4);
        a5 = FloatVector.fromArray(SPECIES, window, p + 5 * V).fma(w, a5);
      }
      int o = outOffset + t;
      a0.intoArray(out, o);
      a1.intoArray(out, o + V);
      a2.intoArray(out, o + 2 * V);
      a3.intoArray(out, o + 3 * V);
      a4.intoArray(out, o + 4 * V);
      a5.intoArray(out, o + 5 * V);
    }
  }

  /**
   * {@link #convolveSteps} for one grain of three vectors (the loops are written out: a vector held in an
   * array or carried through nested loops is not kept in registers by the JIT, and that costs 10x).
   */
  private static void convolveLastGrain(float[] window, int windowOffset, float[] taps, int tapsOffset, int k,
      float[] out, int outOffset) {
    int pairs = pairCount(k);
    int singlesFrom = firstUnpaired(k);
    int singlesTo = endOfUnpaired(k);
    FloatVector a0 = FloatVector.zero(SPECIES);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    int base = windowOffset + k - 1;
    for (int q = 0; q < pairs; q++) {
      int j = q / V * 2 * V + q % V;
      FloatVector w = FloatVector.broadcast(SPECIES, taps[tapsOffset + j]);
      FloatVector wv = FloatVector.broadcast(SPECIES, taps[tapsOffset + j + V]);
      int p = base - j;
      FloatVector lm = FloatVector.fromArray(SPECIES, window, p - V);
      FloatVector l0 = FloatVector.fromArray(SPECIES, window, p);
      FloatVector l1 = FloatVector.fromArray(SPECIES, window, p + V);
      FloatVector l2 = FloatVector.fromArray(SPECIES, window, p + 2 * V);
      a0 = l0.fma(w, a0);
      a1 = l1.fma(w, a1);
      a2 = l2.fma(w, a2);
      a0 = lm.fma(wv, a0);
      a1 = l0.fma(wv, a1);
      a2 = l1.fma(wv, a2);
    }
    for (int j = singlesFrom; j < singlesTo; j++) {
      FloatVector w = FloatVector.broadcast(SPECIES, taps[tapsOffset + j]);
      int p = base - j;
      a0 = FloatVector.fromArray(SPECIES, window, p).fma(w, a0);
      a1 = FloatVector.fromArray(SPECIES, window, p + V).fma(w, a1);
      a2 = FloatVector.fromArray(SPECIES, window, p + 2 * V).fma(w, a2);
    }
    a0.intoArray(out, outOffset);
    a1.intoArray(out, outOffset + V);
    a2.intoArray(out, outOffset + 2 * V);
  }
}
