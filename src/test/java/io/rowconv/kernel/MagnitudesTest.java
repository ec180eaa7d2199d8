package io.rowconv.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The magnitude scan, and the overflow bound: rows under it give finite results by every method. */
class MagnitudesTest {

  @Test
  void maxAbs_everyLengthAndPosition_agreesWithAPlainLoop_andFlagsNaNAndInf() {
    SplittableRandom random = new SplittableRandom(3);
    for (int length = 0; length <= 70; length++) {
      double[] a = new double[length + 3];
      for (int i = 0; i < a.length; i++) {
        a[i] = (random.nextDouble() - 0.5) * 1e3;
      }
      double expected = 0;
      for (int i = 1; i < length + 1; i++) {
        expected = Math.max(expected, Math.abs(a[i]));
      }
      assertThat(Magnitudes.maxAbs(a, 1, length)).as("length %d", length).isEqualTo(expected);
      float[] f = new float[a.length];
      for (int i = 0; i < a.length; i++) {
        f[i] = (float) a[i];
      }
      assertThat(Magnitudes.maxAbs(f, 1, length)).as("float length %d", length).isEqualTo((double) (float) expected);
      for (int at = 0; at < length; at++) {
        double[] b = a.clone();
        b[1 + at] = Double.NaN;
        assertThat(Magnitudes.maxAbs(b, 1, length)).as("NaN at %d of %d", at, length).isNaN();
        b[1 + at] = Double.NEGATIVE_INFINITY;
        assertThat(Magnitudes.maxAbs(b, 1, length)).as("-Inf at %d of %d", at, length).isInfinite();
        assertThat(Magnitudes.firstNonFinite(b, 1, length)).isEqualTo(at);
        float[] g = f.clone();
        g[1 + at] = Float.NaN;
        assertThat(Magnitudes.maxAbs(g, 1, length)).isNaN();
        assertThat(Magnitudes.firstNonFinite(g, 1, length)).isEqualTo(at);
      }
    }
  }

  @Test
  void resultMayOverflow_onlyAboveTheBound() {
    assertThat(Magnitudes.resultMayOverflow(3, 2, 1e308, 2, false)).isTrue();
    assertThat(Magnitudes.resultMayOverflow(4096, 64, 1e6, 1, false)).isFalse();
    assertThat(Magnitudes.resultMayOverflow(4096, 64, 1e6, 1e30, true)).isTrue(); // 6.4e37 > 2^-8 * 3.4e38
    assertThat(Magnitudes.resultMayOverflow(4096, 64, 1e6, 1e20, true)).isFalse();
    assertThat(Magnitudes.resultMayOverflow(2, 2, Double.MAX_VALUE, Double.MAX_VALUE, false)).isTrue(); // inf bound
  }

  /** Just under the bound, every method's result is finite (the FFT's intermediate values included). */
  @ParameterizedTest
  @EnumSource(value = Method.class, names = {"DIRECT", "TOEPLITZ", "FFT"})
  void rowsJustUnderTheBound_giveFiniteResults(Method method) {
    SplittableRandom random = new SplittableRandom(11);
    int n = 5000;
    int k = 700;
    double target = 0.99 * Magnitudes.SAFE_DOUBLE / Math.min(n, k); // = max|x| * max|h|
    double[] x = new double[n];
    double[] h = new double[k];
    for (int i = 0; i < n; i++) {
      x[i] = Math.sqrt(target) * (random.nextBoolean() ? 1 : -1);
    }
    for (int j = 0; j < k; j++) {
      h[j] = Math.sqrt(target) * (random.nextBoolean() ? 1 : 0.5);
    }
    assertThat(Magnitudes.resultMayOverflow(n, k, Magnitudes.maxAbs(x, 0, n), Magnitudes.maxAbs(h, 0, k), false))
        .isFalse();
    for (Mode mode : Mode.values()) {
      double[] y = Convolution.convolve(x, h, mode, method);
      assertThat(Magnitudes.firstNonFinite(y, 0, y.length)).as("%s %s", method, mode).isEqualTo(-1);
    }
  }
}
