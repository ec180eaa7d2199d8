package io.rowconv.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD direct loop of {@link VectorDirectConvolution} for two filters of the same length at once: each
 * vector of the signal loaded feeds both filters' accumulators. Six vectors of outputs per filter (twelve
 * accumulators), taps paired (j, j + V) as in the one-filter loop: 7 loads and 4 broadcasts per 24 multiply-adds
 * (9 per 12 for one filter). Only loaded with {@code --add-modules jdk.incubator.vector}.
 */
final class VectorBankDirect {

  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  private static final int V = SPECIES.length();
  /** Outputs per step: {@link #convolvePair}'s lengths are multiples of this (as the one-filter loop's). */
  static final int STEP = VectorDirectConvolution.STEP;

  private VectorBankDirect() {}

  /**
   * {@code outA[oA + t] = sum_j tapsA[offA + j] * window[t + k - 1 - j]}, and the same for filter B, for
   * {@code t < length}, a multiple of {@link #STEP}; requires {@code window.length >= length + k - 1}.
   */
  static void convolvePair(double[] window, double[] tapsA, int offA, double[] tapsB, int offB, int k,
      int length, double[] outA, int oA, double[] outB, int oB) {
    int pairs = VectorDirectConvolution.pairCount(k);
    int singlesFrom = VectorDirectConvolution.firstUnpaired(k);
    int singlesTo = VectorDirectConvolution.endOfUnpaired(k);
    for (int t = 0; t < length; t += STEP) {
      DoubleVector a0 = DoubleVector.zero(SPECIES);
      DoubleVector a1 = a0;
      DoubleVector a2 = a0;
      DoubleVector a3 = a0;
      DoubleVector a4 = a0;
      DoubleVector a5 = a0;
      DoubleVector b0 = a0;
      DoubleVector b1 = a0;
      DoubleVector b2 = a0;
      DoubleVector b3 = a0;
      DoubleVector b4 = a0;
      DoubleVector b5 = a0;
      int base = t + k - 1;
      for (int q = 0; q < pairs; q++) {
        int j = q / V * 2 * V + q % V;
        DoubleVector wa = DoubleVector.broadcast(SPECIES, tapsA[offA + j]);
        DoubleVector wav = DoubleVector.broadcast(SPECIES, tapsA[offA + j + V]);
        DoubleVector wb = DoubleVector.broadcast(SPECIES, tapsB[offB + j]);
        DoubleVector wbv = DoubleVector.broadcast(SPECIES, tapsB[offB + j + V]);
        int p = base - j;
        DoubleVector lm = DoubleVector.fromArray(SPECIES, window, p - V);
        DoubleVector l0 = DoubleVector.fromArray(SPECIES, window, p);
        DoubleVector l1 = DoubleVector.fromArray(SPECIES, window, p + V);
        DoubleVector l2 = DoubleVector.fromArray(SPECIES, window, p + 2 * V);
        DoubleVector l3 = DoubleVector.fromArray(SPECIES, window, p + 3 * V);
        DoubleVector l4 = DoubleVector.fromArray(SPECIES, window, p + 4 * V);
        DoubleVector l5 = DoubleVector.fromArray(SPECIES, window, p + 5 * V);
        a0 = l0.fma(wa, a0);
        a1 = l1.fma(wa, a1);
        a2 = l2.fma(wa, a2);
        a3 = l3.fma(wa, a3);
        a4 = l4.fma(wa, a4);
        a5 = l5.fma(wa, a5);
        b0 = l0.fma(wb, b0);
        b1 = l1.fma(wb, b1);
        b2 = l2.fma(wb, b2);
        b3 = l3.fma(wb, b3);
        b4 = l4.fma(wb, b4);
        b5 = l5.fma(wb, b5);
        a0 = lm.fma(wav, a0);
        a1 = l0.fma(wav, a1);
        a2 = l1.fma(wav, a2);
        a3 = l2.fma(wav, a3);
        a4 = l3.fma(wav, a4);
        a5 = l4.fma(wav, a5);
        b0 = lm.fma(wbv, b0);
        b1 = l0.fma(wbv, b1);
        b2 = l1.fma(wbv, b2);
        b3 = l2.fma(wbv, b3);
        b4 = l3.fma(wbv, b4);
        b5 = l4.fma(wbv, b5);
      }
      for (int j = singlesFrom; j < singlesTo; j++) {
        DoubleVector wa = DoubleVector.broadcast(SPECIES, tapsA[offA + j]);
        DoubleVector wb = DoubleVector.broadcast(SPECIES, tapsB[offB + j]);
        int p = base - j;
        DoubleVector l0 = DoubleVector.fromArray(SPECIES, window, p);
        DoubleVector l1 = DoubleVector.fromArray(SPECIES, window, p + V);
        DoubleVector l2 = DoubleVector.fromArray(SPECIES, window, p + 2 * V);
        DoubleVector l3 = DoubleVector.fromArray(SPECIES, window, p + 3 * V);
        DoubleVector l4 = DoubleVector.fromArray(SPECIES, window, p + 4 * V);
        DoubleVector l5 = DoubleVector.fromArray(SPECIES, window, p + 5 * V);
        a0 = l0.fma(wa, a0);
        a1 = l1.fma(wa, a1);
        a2 = l2.fma(wa, a2);
        a3 = l3.fma(wa, a3);
        a4 = l4.fma(wa, a4);
        a5 = l5.fma(wa, a5);
        b0 = l0.fma(wb, b0);
        b1 = l1.fma(wb, b1);
        b2 = l2.fma(wb, b2);
        b3 = l3.fma(wb, b3);
        b4 = l4.fma(wb, b4);
        b5 = l5.fma(wb, b5);
      }
      int o = oA + t;
      a0.intoArray(outA, o);
      a1.intoArray(outA, o + V);
      a2.intoArray(outA, o + 2 * V);
      a3.intoArray(outA, o + 3 * V);
      a4.intoArray(outA, o + 4 * V);
      a5.intoArray(outA, o + 5 * V);
      o = oB + t;
      b0.intoArray(outB, o);
      b1.intoArray(outB, o + V);
      b2.intoArray(outB, o + 2 * V);
      b3.intoArray(outB, o + 3 * V);
      b4.intoArray(outB, o + 4 * V);
      b5.intoArray(outB, o + 5 * V);
    }
  }
}
