package io.rowconv.kernel;

/**
 * Overlap-add FFT convolution for long taps: O(n log N) per row instead of O(n*k).
 *
 * <p>The taps (length {@code k}, at most the signal's length) are transformed once per row at an FFT size
 * {@code N >= 2k} chosen to minimise work per output; the signal is cut into segments of
 * {@code L = N - k + 1} samples whose linear convolutions with the taps (length {@code L + k - 1 <= N}) are
 * computed by the FFT and added into the output. Two real segments share one complex transform: with
 * {@code z = s1 + i s2}, {@code IFFT(FFT(z) * FFT(g)) = s1*g + i (s2*g)} because {@code g} is real, so the real
 * part is the first segment's convolution and the imaginary part the second's.
 *
 * <p>Accuracy: FFT rounding spreads over the whole output, so the error of a sample is bounded relative to
 * the row's scale rather than to the sample's own magnitude: {@code |error| <= ERROR_BOUND * sum_j|h_j| *
 * max_i|x_i|} (tested), where the Toeplitz and direct methods meet {@code 1e-12 * sum_j |h_j x_(i-j)|}
 * sample by sample.
 *
 * <p>Work buffers and twiddle tables are owned by the instance and reused across rows; not thread-safe.
 */
final class FftConvolution {

  /** Error bound of this method, relative to {@code sum|h| * max|x|} (see the class comment). */
  static final double ERROR_BOUND = 1e-12;
  /** Largest transform used; longer signals are cut into more segments. */
  private static final int MAX_FFT_SIZE = 1 << 16;

  private int size;
  private double[] cos = new double[0];
  private double[] sin = new double[0];
  private int[] bitReverse = new int[0];
  private double[] tapsRe = new double[0];
  private double[] tapsIm = new double[0];
  private double[] re = new double[0];
  private double[] im = new double[0];

  /** The FFT size that minimises the estimated work per output for taps of length {@code k <= n}. */
  static int fftSize(int n, int k) {
    int limit = Math.min(MAX_FFT_SIZE, Math.max(nextPowerOfTwo(2 * k), nextPowerOfTwo(n + k - 1)));
    int best = nextPowerOfTwo(2 * k);
    double bestCost = Double.MAX_VALUE;
    for (int m = best; m <= limit; m <<= 1) {
      double cost = m * (double) Integer.numberOfTrailingZeros(m) / (m - k + 1);
      if (cost < bestCost * 0.98) {
        bestCost = cost;
        best = m;
      }
    }
    return best;
  }

  /**
   * Writes {@code length} samples of the full convolution of {@code u} (length {@code n}) with {@code g}
   * (length {@code k <= n}), starting at full index {@code fullStart}, to {@code out[outOffset ..]}.
   * Unchecked: shapes are validated by the caller.
   */
  void convolveRange(double[] u, int uOffset, int n, double[] g, int gOffset, int k,
      int fullStart, int length, double[] out, int outOffset) {
    int nfft = fftSize(n, k);
    prepare(nfft);
    java.util.Arrays.fill(tapsRe, 0, nfft, 0.0);
    java.util.Arrays.fill(tapsIm, 0, nfft, 0.0);
    System.arraycopy(g, gOffset, tapsRe, 0, k);
    transform(tapsRe, tapsIm, false);
    java.util.Arrays.fill(out, outOffset, outOffset + length, 0.0);

    int segment = nfft - k + 1;
    int fullEnd = fullStart + length; // exclusive
    // Segment a contributes to full indices [a, a + segment + k - 1); skip those outside the request.
    int first = Math.max(0, (fullStart - (segment + k - 2) + segment - 1) / segment) * segment;
    double scale = 1.0 / nfft;
    for (int a = first; a < n && a < fullEnd; a += 2 * segment) {
      int b = a + segment;
      boolean pair = b < n && b < fullEnd;
      load(re, u, uOffset, a, Math.min(segment, n - a), nfft);
      if (pair) {
        load(im, u, uOffset, b, Math.min(segment, n - b), nfft);
      } else {
        java.util.Arrays.fill(im, 0, nfft, 0.0);
      }
      transform(re, im, false);
      for (int i = 0; i < nfft; i++) {
        double xr = re[i];
        double xi = im[i];
        re[i] = (xr * tapsRe[i] - xi * tapsIm[i]) * scale;
        im[i] = (xr * tapsIm[i] + xi * tapsRe[i]) * scale;
      }
      transform(re, im, true);
      accumulate(re, a, segment + k - 1, fullStart, fullEnd, out, outOffset);
      if (pair) {
        accumulate(im, b, segment + k - 1, fullStart, fullEnd, out, outOffset);
      }
    }
  }

  private static void load(double[] dst, double[] u, int uOffset, int start, int count, int nfft) {
    System.arraycopy(u, uOffset + start, dst, 0, count);
    java.util.Arrays.fill(dst, count, nfft, 0.0);
  }

  private static void accumulate(double[] part, int start, int count, int fullStart, int fullEnd,
      double[] out, int outOffset) {
    int from = Math.max(start, fullStart);
    int to = Math.min(start + count, fullEnd);
    for (int i = from; i < to; i++) {
      out[outOffset + i - fullStart] += part[i - start];
    }
  }

  private void prepare(int nfft) {
    if (re.length < nfft) {
      re = new double[nfft];
      im = new double[nfft];
      tapsRe = new double[nfft];
      tapsIm = new double[nfft];
    }
    if (size == nfft) {
      return;
    }
    size = nfft;
    cos = new double[nfft / 2];
    sin = new double[nfft / 2];
    for (int i = 0; i < nfft / 2; i++) {
      double angle = 2 * Math.PI * i / nfft;
      cos[i] = Math.cos(angle);
      sin[i] = Math.sin(angle);
    }
    bitReverse = new int[nfft];
    int bits = Integer.numberOfTrailingZeros(nfft);
    for (int i = 0; i < nfft; i++) {
      bitReverse[i] = Integer.reverse(i) >>> (32 - bits);
    }
  }

  /** In-place iterative radix-2 complex FFT of size {@link #size}; the inverse is unscaled. */
  private void transform(double[] xr, double[] xi, boolean inverse) {
    int nfft = size;
    for (int i = 0; i < nfft; i++) {
      int j = bitReverse[i];
      if (j > i) {
        double t = xr[i];
        xr[i] = xr[j];
        xr[j] = t;
        t = xi[i];
        xi[i] = xi[j];
        xi[j] = t;
      }
    }
    // First stage (size 2) needs no twiddle.
    for (int a = 0; a < nfft; a += 2) {
      double r = xr[a + 1];
      double q = xi[a + 1];
      xr[a + 1] = xr[a] - r;
      xi[a + 1] = xi[a] - q;
      xr[a] += r;
      xi[a] += q;
    }
    double sign = inverse ? 1.0 : -1.0;
    for (int span = 2; span < nfft; span <<= 1) {
      int step = nfft / (2 * span);
      for (int j = 0; j < span; j++) {
        double wr = cos[j * step];
        double wi = sign * sin[j * step];
        for (int a = j; a < nfft; a += 2 * span) {
          int b = a + span;
          double tr = wr * xr[b] - wi * xi[b];
          double ti = wr * xi[b] + wi * xr[b];
          xr[b] = xr[a] - tr;
          xi[b] = xi[a] - ti;
          xr[a] += tr;
          xi[a] += ti;
        }
      }
    }
  }

  static int nextPowerOfTwo(int value) {
    int p = Integer.highestOneBit(Math.max(1, value));
    return p == value ? p : p << 1;
  }
}
