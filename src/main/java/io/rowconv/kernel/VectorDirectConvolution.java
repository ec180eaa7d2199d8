package io.rowconv.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The direct loop with SIMD (the incubating Java Vector API). Six vectors of consecutive outputs are summed in
 * registers, {@code y[i .. i+6V) += h[j] * x[i-j .. i-j+6V)}, two taps at a time: tap {@code j + V} reads the
 * vectors tap {@code j} reads, shifted by one vector, so each load feeds two multiply-adds (7 loads and 2
 * broadcasts per 12 multiply-adds, against 5 per 4 one tap at a time). This is the Toeplitz block of 6V
 * outputs multiplied in registers without the band's zeros (docs/PERFORMANCE.md has the figures). Interior
 * outputs read the signal in place, edge outputs a small zero-padded copy ({@link DirectKernel}).
 *
 * <p>Only loaded when the JVM runs with {@code --add-modules jdk.incubator.vector} (submit.sh and
 * conf/spark-defaults.conf add it); {@link DirectKernel} falls back to the scalar loop otherwise. The sums
 * use fused multiply-adds in an order that differs from the scalar loop's, so results differ from it only
 * by rounding (within the accuracy contract).
 */
final class VectorDirectConvolution {

  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  private static final int V = SPECIES.length();
  /** Outputs per step of the main loop of {@link #convolveWindow} (six vectors). */
  static final int STEP = 6 * V;
  /** {@link #convolveWindow} computes whole multiples of this many outputs: six vectors, then three. */
  static final int GRAIN = 3 * V;

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

  /** max |a_i| over the range: NaN if an element is NaN, +Inf if one is infinite (Math.max's rules). */
  static double maxAbs(double[] a, int offset, int length) {
    DoubleVector m = DoubleVector.zero(SPECIES);
    int i = offset;
    int end = offset + length;
    for (; i + V <= end; i += V) {
      m = m.max(DoubleVector.fromArray(SPECIES, a, i).abs());
    }
    double tail = 0;
    for (; i < end; i++) {
      tail = Math.max(tail, Math.abs(a[i]));
    }
    return Math.max(m.reduceLanes(jdk.incubator.vector.VectorOperators.MAX), tail);
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
   * {@code length} is a whole number of grains ({@link #GRAIN}); requires
   * {@code window.length >= windowOffset + length + k - 1}.
   */
  static void convolveWindow(double[] window, int windowOffset, double[] taps, int tapsOffset, int k,
      int length, double[] out, int outOffset) {
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
  static int pairCount(int k) {
    int runs = k / (2 * V);
    return runs * V + Math.max(0, k - runs * 2 * V - V);
  }

  /** The first tap without a partner (k when every tap is paired). */
  static int firstUnpaired(int k) {
    int run = k / (2 * V) * 2 * V;
    return run + Math.max(0, k - run - V);
  }

  /** One past the last tap without a partner. */
  static int endOfUnpaired(int k) {
    int run = k / (2 * V) * 2 * V;
    return run + Math.min(V, k - run);
  }

  /** Whole steps of six vectors: {@code length} is a multiple of {@link #STEP}. */
  private static void convolveSteps(double[] window, int windowOffset, double[] taps, int tapsOffset, int k,
      int length, double[] out, int outOffset) {
    int pairs = pairCount(k);
    int singlesFrom = firstUnpaired(k);
    int singlesTo = endOfUnpaired(k);
    for (int t = 0; t < length; t += STEP) {
      DoubleVector a0 = DoubleVector.zero(SPECIES);
      DoubleVector a1 = a0;
      DoubleVector a2 = a0;
      DoubleVector a3 = a0;
      DoubleVector a4 = a0;
      DoubleVector a5 = a0;
      int base = windowOffset + t + k - 1;
      for (int q = 0; q < pairs; q++) {
        // tap j reads vectors p + iV, tap j + V the same vectors one place earlier: 7 loads, 12 fmas
        int j = q / V * 2 * V + q % V;
        DoubleVector w = DoubleVector.broadcast(SPECIES, taps[tapsOffset + j]);
        DoubleVector wv = DoubleVector.broadcast(SPECIES, taps[tapsOffset + j + V]);
        int p = base - j;
        DoubleVector lm = DoubleVector.fromArray(SPECIES, window, p - V);
        DoubleVector l0 = DoubleVector.fromArray(SPECIES, window, p);
        DoubleVector l1 = DoubleVector.fromArray(SPECIES, window, p + V);
        DoubleVector l2 = DoubleVector.fromArray(SPECIES, window, p + 2 * V);
        DoubleVector l3 = DoubleVector.fromArray(SPECIES, window, p + 3 * V);
        DoubleVector l4 = DoubleVector.fromArray(SPECIES, window, p + 4 * V);
        DoubleVector l5 = DoubleVector.fromArray(SPECIES, window, p + 5 * V);
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
        DoubleVector w = DoubleVector.broadcast(SPECIES, taps[tapsOffset + j]);
        int p = base - j;
        a0 = DoubleVector.fromArray(SPECIES, window, p).fma(w, a0);
        a1 = DoubleVector.fromArray(SPECIES, window, p + V).fma(w, a1);
        a2 = DoubleVector.fromArray(SPECIES, window, p + 2 * V).fma(w, a2);
        a3 = DoubleVector.fromArray(SPECIES, window, p + 3 * V).fma(w, a3);
        a4 = DoubleVector.fromArray(SPECIES, window, p + 4 * V).fma(w, a4);
        a5 = DoubleVector.fromArray(SPECIES, window, p + 5 * V).fma(w, a5);
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
  private static void convolveLastGrain(double[] window, int windowOffset, double[] taps, int tapsOffset, int k,
      double[] out, int outOffset) {
    int pairs = pairCount(k);
    int singlesFrom = firstUnpaired(k);
    int singlesTo = endOfUnpaired(k);
    DoubleVector a0 = DoubleVector.zero(SPECIES);
    DoubleVector a1 = a0;
    DoubleVector a2 = a0;
    int base = windowOffset + k - 1;
    for (int q = 0; q < pairs; q++) {
      int j = q / V * 2 * V + q % V;
      DoubleVector w = DoubleVector.broadcast(SPECIES, taps[tapsOffset + j]);
      DoubleVector wv = DoubleVector.broadcast(SPECIES, taps[tapsOffset + j + V]);
      int p = base - j;
      DoubleVector lm = DoubleVector.fromArray(SPECIES, window, p - V);
      DoubleVector l0 = DoubleVector.fromArray(SPECIES, window, p);
      DoubleVector l1 = DoubleVector.fromArray(SPECIES, window, p + V);
      DoubleVector l2 = DoubleVector.fromArray(SPECIES, window, p + 2 * V);
      a0 = l0.fma(w, a0);
      a1 = l1.fma(w, a1);
      a2 = l2.fma(w, a2);
      a0 = lm.fma(wv, a0);
      a1 = l0.fma(wv, a1);
      a2 = l1.fma(wv, a2);
    }
    for (int j = singlesFrom; j < singlesTo; j++) {
      DoubleVector w = DoubleVector.broadcast(SPECIES, taps[tapsOffset + j]);
      int p = base - j;
      a0 = DoubleVector.fromArray(SPECIES, window, p).fma(w, a0);
      a1 = DoubleVector.fromArray(SPECIES, window, p + V).fma(w, a1);
      a2 = DoubleVector.fromArray(SPECIES, window, p + 2 * V).fma(w, a2);
    }
    a0.intoArray(out, outOffset);
    a1.intoArray(out, outOffset + V);
    a2.intoArray(out, outOffset + 2 * V);
  }
}
