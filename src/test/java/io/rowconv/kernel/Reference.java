package io.rowconv.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A plain reference written straight from the definitions (independent of {@link DirectConvolution}),
 * and the accuracy contract: each output within {@code EPS * sum_j |h_j x_(i-j)|} of the reference.
 */
public final class Reference {

  /** Relative accuracy contract of the product (per output sample, relative to sum |h||x|). */
  public static final double EPS = 1e-12;

  private Reference() {}

  /** Full convolution by scattering every product: y[i + j] += x[i] * h[j]. */
  public static double[] full(double[] x, double[] h) {
    double[] y = new double[x.length + h.length - 1];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < h.length; j++) {
        y[i + j] += x[i] * h[j];
      }
    }
    return y;
  }

  /** {@code op(x, h, mode)}; correlation from its own definition: z[m] = sum_j x[m - (k - 1) + j] h[j]. */
  public static double[] compute(Operation op, double[] x, double[] h, Mode mode) {
    double[] full = op == Operation.CONVOLVE ? full(x, h) : fullCorrelation(x, h);
    return slice(full, x.length, h.length, mode);
  }

  /** sum_j |h_j x_(i-j)| per output sample: the scale the error bound is relative to. */
  public static double[] magnitude(Operation op, double[] x, double[] h, Mode mode) {
    return compute(op, abs(x), abs(h), mode);
  }

  public static double[] fullCorrelation(double[] x, double[] h) {
    int n = x.length;
    int k = h.length;
    double[] z = new double[n + k - 1];
    for (int m = 0; m < z.length; m++) {
      for (int j = 0; j < k; j++) {
        int i = m - (k - 1) + j;
        if (i >= 0 && i < n) {
          z[m] += x[i] * h[j];
        }
      }
    }
    return z;
  }

  public static double[] slice(double[] full, int n, int k, Mode mode) {
    double[] out = new double[mode.outputLength(n, k)];
    System.arraycopy(full, mode.fullOffset(n, k), out, 0, out.length);
    return out;
  }

  /** Asserts {@code actual} meets the accuracy contract against {@code expected}, NaN/Inf exactly. */
  public static void assertWithinContract(
      String what, double[] expected, double[] actual, double[] magnitude, double eps) {
    assertThat(actual.length).as(what + ": output length").isEqualTo(expected.length);
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      double a = actual[i];
      if (!Double.isFinite(e) || !Double.isFinite(a)) {
        if (Double.compare(e, a) != 0) {
          fail("%s: sample %d is %s, expected %s", what, i, a, e);
        }
        continue;
      }
      double bound = eps * magnitude[i];
      if (Math.abs(a - e) > bound) {
        fail("%s: sample %d is %s, expected %s (error %s > bound %s)", what, i, a, e, Math.abs(a - e), bound);
      }
    }
  }

  /**
   * Asserts {@code actual} meets the contract of the method that computed it: per sample
   * ({@code EPS * sum_j |h_j x_(i-j)|}) for direct and Toeplitz, row-wide
   * ({@code FftConvolution.ERROR_BOUND * sum|h| * max|x|}) for FFT, and for {@link Method#AUTO} (a row whose
   * method is not known) the looser of the two at each sample, which is what every row meets.
   */
  public static void assertWithinMethodContract(String what, Method method, Operation op, Mode mode, double[] x,
      double[] h, double[] actual) {
    double[] expected = compute(op, x, h, mode);
    double[] perSample = magnitude(op, x, h, mode);
    double rowScale = FftConvolution.ERROR_BOUND * sumOf(abs(h)) * maxOf(abs(x));
    double[] bound = new double[expected.length];
    for (int i = 0; i < bound.length; i++) {
      double sample = EPS * perSample[i];
      bound[i] = switch (method) {
        case FFT -> rowScale;
        case AUTO -> Math.max(sample, rowScale);
        default -> sample;
      };
    }
    assertWithinContract(what + " (" + method.cliName() + ")", expected, actual, bound, 1.0);
  }

  public static double sumOf(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v;
    }
    return s;
  }

  public static double maxOf(double[] a) {
    double m = 0;
    for (double v : a) {
      m = Math.max(m, v);
    }
    return m;
  }

  public static double[] abs(double[] a) {
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = Math.abs(a[i]);
    }
    return r;
  }
}
