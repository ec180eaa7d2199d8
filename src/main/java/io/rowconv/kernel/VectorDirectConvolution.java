package io.rowconv.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The direct loop with SIMD (the incubating Java Vector API): each tap is broadcast and multiplied into
 * four vectors of consecutive outputs at once, {@code y[i .. i+4V) += h[j] * x[i-j .. i-j+4V)}, for the outputs
 * whose every product is in range; the edges go through the scalar {@link DirectConvolution}.
 *
 * <p>Only loaded when the JVM runs with {@code --add-modules jdk.incubator.vector} (submit.sh and
 * conf/spark-defaults.conf add it); {@link DirectKernel} falls back to the scalar loop otherwise. The sums
 * run in increasing tap order like the scalar loop, with fused multiply-adds, so results differ from it only
 * by rounding (within the 1e-12 contract).
 */
final class VectorDirectConvolution {

  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  private static final int V = SPECIES.length();

  private VectorDirectConvolution() {}

  /** Same contract as {@link DirectConvolution#convolveRange}. */
  static void convolveRange(
      double[] signal, int signalOffset, int n,
      double[] taps, int tapsOffset, int k,
      int fullStart, int length, double[] out, int outOffset) {
    // Full indices i whose products are all in range: k - 1 <= i <= n - 1.
    int interiorStart = Math.max(fullStart, k - 1);
    int interiorEnd = Math.min(fullStart + length, n); // exclusive
    if (interiorEnd - interiorStart < 4 * V) {
      DirectConvolution.convolveRange(signal, signalOffset, n, taps, tapsOffset, k, fullStart, length, out, outOffset);
      return;
    }
    DirectConvolution.convolveRange(signal, signalOffset, n, taps, tapsOffset, k,
        fullStart, interiorStart - fullStart, out, outOffset);
    int i = interiorStart;
    int wide = 4 * V;
    for (; i + wide <= interiorEnd; i += wide) {
      DoubleVector a0 = DoubleVector.zero(SPECIES);
      DoubleVector a1 = DoubleVector.zero(SPECIES);
      DoubleVector a2 = DoubleVector.zero(SPECIES);
      DoubleVector a3 = DoubleVector.zero(SPECIES);
      int base = signalOffset + i;
      for (int j = 0; j < k; j++) {
        DoubleVector w = DoubleVector.broadcast(SPECIES, taps[tapsOffset + j]);
        int p = base - j;
        a0 = DoubleVector.fromArray(SPECIES, signal, p).fma(w, a0);
        a1 = DoubleVector.fromArray(SPECIES, signal, p + V).fma(w, a1);
        a2 = DoubleVector.fromArray(SPECIES, signal, p + 2 * V).fma(w, a2);
        a3 = DoubleVector.fromArray(SPECIES, signal, p + 3 * V).fma(w, a3);
      }
      int o = outOffset + i - fullStart;
      a0.intoArray(out, o);
      a1.intoArray(out, o + V);
      a2.intoArray(out, o + 2 * V);
      a3.intoArray(out, o + 3 * V);
    }
    for (; i + V <= interiorEnd; i += V) {
      DoubleVector a0 = DoubleVector.zero(SPECIES);
      for (int j = 0; j < k; j++) {
        a0 = DoubleVector.fromArray(SPECIES, signal, signalOffset + i - j)
            .fma(DoubleVector.broadcast(SPECIES, taps[tapsOffset + j]), a0);
      }
      a0.intoArray(out, outOffset + i - fullStart);
    }
    DirectConvolution.convolveRange(signal, signalOffset, n, taps, tapsOffset, k,
        i, fullStart + length - i, out, outOffset + i - fullStart);
  }
}
