package io.rowconv.kernel.twod;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The direct method's loop with SIMD (the incubating Java Vector API): {@code length} consecutive outputs,
 * {@code out[t] = sum_u weight_u * src[offset_u + t]} over the kernel's taps as {@link Taps2d} lays them out for
 * a band of output rows flattened into one run (see {@link Direct2d}). Six vectors of outputs are
 * summed in registers over every tap; taps {@code k} and {@code k + V} of a kernel row share their loads (7
 * loads for 12 fused multiply-adds), as in the 1-D loop. The last outputs of a row go through narrower steps
 * (three, two, one vector) and a scalar tail, so no read leaves E's row and nothing is computed twice.
 *
 * <p>Only loaded when the JVM has {@code --add-modules jdk.incubator.vector}; see {@link Direct2d}.
 * Results differ from the scalar loop's only by rounding (fused multiply-adds, another order).
 */
final class VectorDirect2d {

  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  static final int V = SPECIES.length();
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

  static void convolveRow(double[] src, Taps2d taps, int length, double[] out, int outOffset) {
    int t = 0;
    if (length >= STEP) {
      t = length / STEP * STEP;
      convolveSteps(src, taps, t, out, outOffset);
    }
    if (length - t >= 3 * V) {
      convolveThree(src, taps.weights, taps.offsets, taps.count, t, out, outOffset);
      t += 3 * V;
    }
    if (length - t >= 2 * V) {
      convolveTwo(src, taps.weights, taps.offsets, taps.count, t, out, outOffset);
      t += 2 * V;
    }
    if (length - t >= V) {
      convolveOne(src, taps.weights, taps.offsets, taps.count, t, out, outOffset);
      t += V;
    }
    for (; t < length; t++) {
      double sum = 0.0;
      for (int u = 0; u < taps.count; u++) {
        sum += src[taps.offsets[u] + t] * taps.weights[u];
      }
      out[outOffset + t] = sum;
    }
  }

  /** Outputs {@code [0, length)} of the row, {@code length} a multiple of six vectors. */
  private static void convolveSteps(double[] src, Taps2d taps, int length, double[] out, int outOffset) {
    int pairs = taps.pairs;
    double[] first = taps.pairFirst;
    double[] second = taps.pairSecond;
    int[] pairOffsets = taps.pairOffsets;
    int singles = taps.singles;
    double[] singleWeights = taps.singleWeights;
    int[] singleOffsets = taps.singleOffsets;
    for (int t = 0; t < length; t += STEP) {
      DoubleVector a0 = DoubleVector.zero(SPECIES);
      DoubleVector a1 = a0;
      DoubleVector a2 = a0;
      DoubleVector a3 = a0;
      DoubleVector a4 = a0;
      DoubleVector a5 = a0;
      for (int q = 0; q < pairs; q++) {
        // tap k reads vectors p + iV, tap k + V the same vectors one place earlier: 7 loads, 12 fmas
        DoubleVector w = DoubleVector.broadcast(SPECIES, first[q]);
        DoubleVector wv = DoubleVector.broadcast(SPECIES, second[q]);
        int p = pairOffsets[q] + t;
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
      for (int u = 0; u < singles; u++) {
        DoubleVector w = DoubleVector.broadcast(SPECIES, singleWeights[u]);
        int p = singleOffsets[u] + t;
        a0 = DoubleVector.fromArray(SPECIES, src, p).fma(w, a0);
        a1 = DoubleVector.fromArray(SPECIES, src, p + V).fma(w, a1);
        a2 = DoubleVector.fromArray(SPECIES, src, p + 2 * V).fma(w, a2);
        a3 = DoubleVector.fromArray(SPECIES, src, p + 3 * V).fma(w, a3);
        a4 = DoubleVector.fromArray(SPECIES, src, p + 4 * V).fma(w, a4);
        a5 = DoubleVector.fromArray(SPECIES, src, p + 5 * V).fma(w, a5);
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

  private static void convolveThree(double[] src, double[] weights, int[] offsets, int count, int t, double[] out,
      int outOffset) {
    DoubleVector a0 = DoubleVector.zero(SPECIES);
    DoubleVector a1 = a0;
    DoubleVector a2 = a0;
    for (int u = 0; u < count; u++) {
      DoubleVector w = DoubleVector.broadcast(SPECIES, weights[u]);
      int p = offsets[u] + t;
      a0 = DoubleVector.fromArray(SPECIES, src, p).fma(w, a0);
      a1 = DoubleVector.fromArray(SPECIES, src, p + V).fma(w, a1);
      a2 = DoubleVector.fromArray(SPECIES, src, p + 2 * V).fma(w, a2);
    }
    int o = outOffset + t;
    a0.intoArray(out, o);
    a1.intoArray(out, o + V);
    a2.intoArray(out, o + 2 * V);
  }

  private static void convolveTwo(double[] src, double[] weights, int[] offsets, int count, int t, double[] out,
      int outOffset) {
    DoubleVector a0 = DoubleVector.zero(SPECIES);
    DoubleVector a1 = a0;
    for (int u = 0; u < count; u++) {
      DoubleVector w = DoubleVector.broadcast(SPECIES, weights[u]);
      int p = offsets[u] + t;
      a0 = DoubleVector.fromArray(SPECIES, src, p).fma(w, a0);
      a1 = DoubleVector.fromArray(SPECIES, src, p + V).fma(w, a1);
    }
    a0.intoArray(out, outOffset + t);
    a1.intoArray(out, outOffset + t + V);
  }

  private static void convolveOne(double[] src, double[] weights, int[] offsets, int count, int t, double[] out,
      int outOffset) {
    DoubleVector a0 = DoubleVector.zero(SPECIES);
    for (int u = 0; u < count; u++) {
      a0 = DoubleVector.fromArray(SPECIES, src, offsets[u] + t).fma(DoubleVector.broadcast(SPECIES, weights[u]), a0);
    }
    a0.intoArray(out, outOffset + t);
  }
}
