package io.rowconv.kernel.twod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.rowconv.kernel.Mode;
import io.rowconv.kernel.Operation;

/**
 * scipy's {@code convolve2d} / {@code correlate2d} written out literally, independent of the kernel's code: the
 * Python wrapper (operands swapped in mode valid when the first is smaller, correlation's result reversed
 * then) and the C loop {@code pylab_convolve_2d} (output shape, where each output's window starts, the
 * boundary's index formulas, the fill value for a whole row or cell outside the image). Plus the accuracy
 * contracts the kernel is held to.
 */
public final class Reference2d {

  /** Relative accuracy contract of the exact methods (per output, relative to sum |h * x_ext|). */
  static final double EPS = 1e-12;

  /** The modes of scipy's convolve2d (the 1-D causal mode has no 2-D meaning; the door refuses it). */
  public static final Mode[] MODES = {Mode.FULL, Mode.SAME, Mode.VALID};

  private Reference2d() {}

  /** {@code op(x, h, mode, boundary, fill)} as scipy computes it. */
  public static double[][] compute(Operation op, double[][] x, double[][] h, Mode mode, Boundary boundary,
      double fill) {
    boolean swapped = mode == Mode.VALID && !(x.length >= h.length && x[0].length >= h[0].length);
    double[][] in1 = swapped ? h : x;
    double[][] in2 = swapped ? x : h;
    double[][] out = loop(in1, in2, op == Operation.CONVOLVE, mode, boundary, fill);
    if (swapped && op == Operation.CORRELATE) {
      out = reversed(out);
    }
    return out;
  }

  /** The C loop: image {@code in} (Ns), kernel {@code win} (Nwin). */
  private static double[][] loop(double[][] in, double[][] win, boolean convolve, Mode mode, Boundary boundary,
      double fill) {
    int ns0 = in.length;
    int ns1 = in[0].length;
    int nw0 = win.length;
    int nw1 = win[0].length;
    int os0 = mode == Mode.FULL ? ns0 + nw0 - 1 : mode == Mode.SAME ? ns0 : ns0 - nw0 + 1;
    int os1 = mode == Mode.FULL ? ns1 + nw1 - 1 : mode == Mode.SAME ? ns1 : ns1 - nw1 + 1;
    double[][] out = new double[os0][os1];
    for (int m = 0; m < os0; m++) {
      int newM = mode == Mode.FULL ? (convolve ? m : m - nw0 + 1)
          : mode == Mode.SAME ? (convolve ? m + (nw0 - 1) / 2 : m - (nw0 - 1) / 2)
          : (convolve ? m + nw0 - 1 : m);
      for (int n = 0; n < os1; n++) {
        int newN = mode == Mode.FULL ? (convolve ? n : n - nw1 + 1)
            : mode == Mode.SAME ? (convolve ? n + (nw1 - 1) / 2 : n - (nw1 - 1) / 2)
            : (convolve ? n + nw1 - 1 : n);
        double sum = 0.0;
        for (int j = 0; j < nw0; j++) {
          int i0 = index(convolve ? newM - j : newM + j, ns0, boundary);
          for (int k = 0; k < nw1; k++) {
            int i1 = index(convolve ? newN - k : newN + k, ns1, boundary);
            double value = i0 < 0 || i1 < 0 ? fill : in[i0][i1];
            sum += value * win[j][k];
          }
        }
        out[m][n] = sum;
      }
    }
    return out;
  }

  /** scipy's reflect_symm_index / circular_wrap_index; -1 for fill. */
  private static int index(int j, int m, Boundary boundary) {
    if (j >= 0 && j < m) {
      return j;
    }
    switch (boundary) {
      case FILL:
        return -1;
      case WRAP:
        return j >= 0 ? j % m : ((j % m) + m) % m;
      default: {
        int k = j >= 0 ? j % (2 * m) : Math.abs(j + 1) % (2 * m);
        return k >= m ? 2 * m - k - 1 : k;
      }
    }
  }

  private static double[][] reversed(double[][] a) {
    double[][] r = new double[a.length][a[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        r[i][j] = a[a.length - 1 - i][a[0].length - 1 - j];
      }
    }
    return r;
  }

  /** sum |h * x_ext| per output: the same loop on absolute values. */
  static double[][] magnitude(Operation op, double[][] x, double[][] h, Mode mode, Boundary boundary, double fill) {
    return compute(op, abs(x), abs(h), mode, boundary, Math.abs(fill));
  }

  /** The FFT method's bound per output: {@code 1e-12 * sum|h| * max|x_ext|} (fill counted where it is read). */
  static double fftScale(double[][] x, double[][] h, Mode mode, Boundary boundary, double fill) {
    double sum = 0;
    for (double[] row : h) {
      for (double v : row) {
        sum += Math.abs(v);
      }
    }
    double max = boundary == Boundary.FILL && mode != Mode.VALID ? Math.abs(fill) : 0;
    for (double[] row : x) {
      for (double v : row) {
        max = Math.max(max, Math.abs(v));
      }
    }
    return Fft2d.ERROR_BOUND * sum * max;
  }

  static double[][] abs(double[][] a) {
    double[][] r = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      r[i] = new double[a[i].length];
      for (int j = 0; j < a[i].length; j++) {
        r[i][j] = Math.abs(a[i][j]);
      }
    }
    return r;
  }

  /**
   * Asserts the shape, non-finite values exactly, and every finite value within {@code bound[i][j]} of
   * {@code expected} (a NaN bound, from a non-finite magnitude, allows nothing but equality).
   */
  static void assertWithin(String what, double[][] expected, double[][] actual, double[][] bound) {
    assertThat(actual.length).as(what + ": output rows").isEqualTo(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i].length).as(what + ": output columns").isEqualTo(expected[i].length);
      for (int j = 0; j < expected[i].length; j++) {
        double e = expected[i][j];
        double a = actual[i][j];
        if (!Double.isFinite(e) || !Double.isFinite(a)) {
          if (Double.compare(e, a) != 0) {
            fail("%s: output [%d][%d] is %s, expected %s", what, i, j, a, e);
          }
          continue;
        }
        if (!(Math.abs(a - e) <= bound[i][j])) {
          fail("%s: output [%d][%d] is %s, expected %s (error %s > bound %s)", what, i, j, a, e,
              Math.abs(a - e), bound[i][j]);
        }
      }
    }
  }

  /** Per-output contract of the exact methods: {@code EPS * sum |h * x_ext|}. */
  static double[][] exactBound(Operation op, double[][] x, double[][] h, Mode mode, Boundary boundary, double fill) {
    double[][] m = magnitude(op, x, h, mode, boundary, fill);
    for (double[] row : m) {
      for (int j = 0; j < row.length; j++) {
        row[j] *= EPS;
      }
    }
    return m;
  }

  /**
   * Asserts {@code actual} meets the contract of whatever method {@code auto} chose for the image: at each output
   * the looser of the exact methods' bound and the FFT's (for tests of the Spark layers, which do not see the
   * method of each row).
   */
  public static void assertWithinAutoContract(String what, Operation op, double[][] x, double[][] h, Mode mode,
      Boundary boundary, double fill, double[][] actual) {
    double[][] bound = exactBound(op, x, h, mode, boundary, fill);
    double fft = fftScale(x, h, mode, boundary, fill);
    for (double[] row : bound) {
      for (int j = 0; j < row.length; j++) {
        row[j] = Math.max(row[j], fft);
      }
    }
    assertWithin(what, compute(op, x, h, mode, boundary, fill), actual, bound);
  }

  /** The FFT contract as a per-output bound array shaped like {@code like}. */
  static double[][] constantBound(double[][] like, double value) {
    double[][] b = new double[like.length][];
    for (int i = 0; i < like.length; i++) {
      b[i] = new double[like[i].length];
      java.util.Arrays.fill(b[i], value);
    }
    return b;
  }
}
