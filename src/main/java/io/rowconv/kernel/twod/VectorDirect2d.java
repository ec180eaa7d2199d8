package io.rowconv.kernel.twod;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * One output row of the direct method with SIMD (the incubating Java Vector API): {@code length} consecutive
 * outputs of row {@code m},
 *
 * <pre>  out[t] = sum_j sum_k g[j][k] * src[rowOffsets[j] + t + kCols - 1 - k],</pre>
 *
 * where {@code rowOffsets[j]} is where E's row {@code m + kRows - 1 - j} starts in {@code src} (see
 * {@link Geometry2d}). Six vectors of outputs are summed in registers over every tap; within a kernel row,
 * taps {@code k} and {@code k + V} share their loads (tap {@code k + V} reads the vectors tap {@code k} reads,
 * shifted by one vector: 7 loads for 12 fused multiply-adds), as the 1-D loop does. The last outputs of a row
 * go through narrower steps (three, two, one vector) and a scalar tail, so no read leaves E's row and nothing
 * is computed twice.
 *
 * <p>Only loaded when the JVM has {@code --add-modules jdk.incubator.vector}; see {@link Direct2d}.
 * Results differ from the scalar loop's only by rounding (fused multiply-adds, another order).
 */
final class VectorDirect2d {

  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  private static final int V = SPECIES.length();
  private static final int STEP = 6 * V;

  private VectorDirect2d() {}

  /** True when no element is NaN or +-Inf: {@code x * 0} is 0 exactly for finite x, NaN otherwise. */
  static boolean allFinite(double[] a, int offset, int length) {
    DoubleVector s0 = DoubleVector.zero(SPECIES);
    DoubleVector s1 = s0;
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

  static void convolveRow(double[] src, int[] rowOffsets, double[] g, int gOffset, int kRows, int kCols,
      int length, double[] out, int outOffset) {
    int t = 0;
    if (length >= STEP) {
      t = length / STEP * STEP;
      convolveSteps(src, rowOffsets, g, gOffset, kRows, kCols, t, out, outOffset);
    }
    if (length - t >= 3 * V) {
      convolveThree(src, rowOffsets, g, gOffset, kRows, kCols, t, out, outOffset);
      t += 3 * V;
    }
    if (length - t >= 2 * V) {
      convolveTwo(src, rowOffsets, g, gOffset, kRows, kCols, t, out, outOffset);
      t += 2 * V;
    }
    if (length - t >= V) {
      convolveOne(src, rowOffsets, g, gOffset, kRows, kCols, t, out, outOffset);
      t += V;
    }
    if (t < length) {
      ScalarDirect2d.convolveRow(src, rowOffsets, g, gOffset, kRows, kCols, t, length, out, outOffset);
    }
  }

  // Taps of a kernel row pair up as (k, k + V) within each run of 2V taps: k = q / V * 2V + q % V for pair q;
  // the taps without a partner (the last run's first r - V.. when r < 2V) are taken one at a time.

  private static int pairCount(int k) {
    int runs = k / (2 * V);
    return runs * V + Math.max(0, k - runs * 2 * V - V);
  }

  private static int firstUnpaired(int k) {
    int run = k / (2 * V) * 2 * V;
    return run + Math.max(0, k - run - V);
  }

  private static int endOfUnpaired(int k) {
    int run = k / (2 * V) * 2 * V;
    return run + Math.min(V, k - run);
  }

  /** Outputs {@code [0, length)} of the row, {@code length} a multiple of six vectors. */
  private static void convolveSteps(double[] src, int[] rowOffsets, double[] g, int gOffset, int kRows,
      int kCols, int length, double[] out, int outOffset) {
    int pairs = pairCount(kCols);
    int singlesFrom = firstUnpaired(kCols);
    int singlesTo = endOfUnpaired(kCols);
    for (int t = 0; t < length; t += STEP) {
      DoubleVector a0 = DoubleVector.zero(SPECIES);
      DoubleVector a1 = a0;
      DoubleVector a2 = a0;
      DoubleVector a3 = a0;
      DoubleVector a4 = a0;
      DoubleVector a5 = a0;
      for (int j = 0; j < kRows; j++) {
        int base = rowOffsets[j] + t + kCols - 1;
        int taps = gOffset + j * kCols;
        for (int q = 0; q < pairs; q++) {
          int k = q / V * 2 * V + q % V;
          DoubleVector w = DoubleVector.broadcast(SPECIES, g[taps + k]);
          DoubleVector wv = DoubleVector.broadcast(SPECIES, g[taps + k + V]);
          int p = base - k;
          DoubleVector lm = DoubleVector.fromArray(SPECIES, src, p - V);
          DoubleVector l0 = DoubleVector.fromArray(SPECIES, src, p);
          DoubleVector l1 = DoubleVector.fromArray(SPECIES, src, p + V);
          DoubleVector l2 = DoubleVector.fromArray(SPECIES, src, p + 2 * V);
          DoubleVector l3 = DoubleVector.fromArray(SPECIES, src, p + 3 * V);
          DoubleVector l4 = DoubleVector.fromArray(SPECIES, src, p + 4 * V);
          DoubleVector l5 = DoubleVector.fromArray(SPECIES, src, p + 5 * V);
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
        for (int k = singlesFrom; k < singlesTo; k++) {
          DoubleVector w = DoubleVector.broadcast(SPECIES, g[taps + k]);
          int p = base - k;
          a0 = DoubleVector.fromArray(SPECIES, src, p).fma(w, a0);
          a1 = DoubleVector.fromArray(SPECIES, src, p + V).fma(w, a1);
          a2 = DoubleVector.fromArray(SPECIES, src, p + 2 * V).fma(w, a2);
          a3 = DoubleVector.fromArray(SPECIES, src, p + 3 * V).fma(w, a3);
          a4 = DoubleVector.fromArray(SPECIES, src, p + 4 * V).fma(w, a4);
          a5 = DoubleVector.fromArray(SPECIES, src, p + 5 * V).fma(w, a5);
        }
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

  // The narrower steps are written out (a vector held in an array is not kept in a register by the JIT).

  private static void convolveThree(double[] src, int[] rowOffsets, double[] g, int gOffset, int kRows,
      int kCols, int t, double[] out, int outOffset) {
    DoubleVector a0 = DoubleVector.zero(SPECIES);
    DoubleVector a1 = a0;
    DoubleVector a2 = a0;
    for (int j = 0; j < kRows; j++) {
      int base = rowOffsets[j] + t + kCols - 1;
      int taps = gOffset + j * kCols;
      for (int k = 0; k < kCols; k++) {
        DoubleVector w = DoubleVector.broadcast(SPECIES, g[taps + k]);
        int p = base - k;
        a0 = DoubleVector.fromArray(SPECIES, src, p).fma(w, a0);
        a1 = DoubleVector.fromArray(SPECIES, src, p + V).fma(w, a1);
        a2 = DoubleVector.fromArray(SPECIES, src, p + 2 * V).fma(w, a2);
      }
    }
    int o = outOffset + t;
    a0.intoArray(out, o);
    a1.intoArray(out, o + V);
    a2.intoArray(out, o + 2 * V);
  }

  private static void convolveTwo(double[] src, int[] rowOffsets, double[] g, int gOffset, int kRows,
      int kCols, int t, double[] out, int outOffset) {
    DoubleVector a0 = DoubleVector.zero(SPECIES);
    DoubleVector a1 = a0;
    for (int j = 0; j < kRows; j++) {
      int base = rowOffsets[j] + t + kCols - 1;
      int taps = gOffset + j * kCols;
      for (int k = 0; k < kCols; k++) {
        DoubleVector w = DoubleVector.broadcast(SPECIES, g[taps + k]);
        int p = base - k;
        a0 = DoubleVector.fromArray(SPECIES, src, p).fma(w, a0);
        a1 = DoubleVector.fromArray(SPECIES, src, p + V).fma(w, a1);
      }
    }
    a0.intoArray(out, outOffset + t);
    a1.intoArray(out, outOffset + t + V);
  }

  private static void convolveOne(double[] src, int[] rowOffsets, double[] g, int gOffset, int kRows,
      int kCols, int t, double[] out, int outOffset) {
    DoubleVector a0 = DoubleVector.zero(SPECIES);
    for (int j = 0; j < kRows; j++) {
      int base = rowOffsets[j] + t + kCols - 1;
      int taps = gOffset + j * kCols;
      for (int k = 0; k < kCols; k++) {
        a0 = DoubleVector.fromArray(SPECIES, src, base - k).fma(DoubleVector.broadcast(SPECIES, g[taps + k]), a0);
      }
    }
    a0.intoArray(out, outOffset + t);
  }
}
