package io.rowconv.kernel;

/**
 * Overlap-add FFT convolution for long taps: O(n log N) per row instead of O(n*k).
 *
 * <p>The taps (length {@code k}, at most the signal's length) are transformed once per row at an FFT size
 * {@code N >= 2k} chosen to minimise work per output; the signal is cut into segments of
 * {@code L = N - k + 1} samples whose linear convolutions with the taps (length {@code L + k - 1 <= N}) come
 * from one forward and one inverse real transform each and are added into the output. Transforms are native
 * FFTW ({@link FftwFft}) when it loads, else JTransforms' pure-Java real FFTs ({@link JTransformsFft});
 * {@value #PROPERTY} (or {@code ROWCONV_FFT}) = {@code auto|fftw|jtransforms} forces one. Single-threaded:
 * Spark already runs one task per core.
 *
 * <p>Accuracy: FFT rounding spreads over the whole output, so the error of a sample is bounded relative to
 * the row's scale rather than to the sample's own magnitude: {@code |error| <= ERROR_BOUND * sum_j|h_j| *
 * max_i|x_i|} (tested), where the Toeplitz and direct methods meet {@code 1e-12 * sum_j |h_j x_(i-j)|}
 * sample by sample.
 *
 * <p>Work buffers and transform plans are owned by the instance and reused across rows; not thread-safe.
 */
final class FftConvolution {

  /** Error bound of this method, relative to {@code sum|h| * max|x|} (see the class comment). */
  static final double ERROR_BOUND = 1e-12;
  /** Largest transform used; longer signals are cut into more segments. */
  static final int MAX_FFT_SIZE = 1 << 16;

  public static final String PROPERTY = "rowconv.fft";
  /** The transform library of this JVM: "fftw" or "jtransforms". */
  static final String BACKEND = chooseBackend();

  private final java.util.Map<Integer, RealFft> plans = new java.util.HashMap<>();
  /** Spectrum of the taps, interleaved complex. Reused across rows. */
  private double[] tapsSpectrum = new double[0];
  /** One segment: real samples, then its spectrum, then the segment's convolution. Reused across rows. */
  private double[] work = new double[0];
  private double[] spectrum = new double[0];

  private static String chooseBackend() {
    String choice = System.getProperty(PROPERTY, System.getenv().getOrDefault("ROWCONV_FFT", "auto"))
        .trim().toLowerCase(java.util.Locale.ROOT);
    switch (choice) {
      case "jtransforms":
        return "jtransforms";
      case "fftw":
        if (FftwFft.loadError() != null) {
          throw new IllegalStateException(PROPERTY + "=fftw but FFTW cannot load: " + FftwFft.loadError());
        }
        return "fftw";
      case "auto":
        return FftwFft.loadError() == null ? "fftw" : "jtransforms";
      default:
        throw new IllegalArgumentException(PROPERTY + " must be auto, fftw or jtransforms; got '" + choice + "'");
    }
  }

  /** Which FFT library the kernel uses, and why, for logs. */
  static String description() {
    return BACKEND.equals("fftw")
        ? "FFTW 3 (native, bundled)"
        : "JTransforms (pure Java)" + (FftwFft.loadError() == null ? "" : "; FFTW unavailable: " + FftwFft.loadError());
  }

  /**
   * The power-of-two FFT size that minimises the estimated work of a whole row with taps of length
   * {@code k <= n}: one transform of the taps, then a forward and an inverse transform per segment, each
   * about {@code N log2 N} (JTransforms' other sizes measured about twice as slow per unit here, so only
   * powers of two are used), plus the O(N) spectrum product and overlap-add per segment.
   */
  static int fftSize(int n, int k) {
    int smallest = nextPowerOfTwo(2 * k);
    int limit = Math.min(MAX_FFT_SIZE, Math.max(smallest, nextPowerOfTwo(n + k - 1)));
    int best = smallest;
    double bestCost = Double.MAX_VALUE;
    for (int m = smallest; m <= limit; m <<= 1) {
      double cost = estimatedUnits(n, k, m);
      if (cost < bestCost) {
        bestCost = cost;
        best = m;
      }
    }
    return best;
  }

  /** Work of a row at FFT size {@code m}, in units of about one {@code N log2 N} step. */
  static double estimatedUnits(int n, int k, int m) {
    int segments = (n + m - k) / (m - k + 1); // ceil(n / (m - k + 1))
    double transform = m * (double) Integer.numberOfTrailingZeros(m);
    return (1 + 2.0 * segments) * transform + segments * 3.0 * m;
  }

  /** The transforms of size {@code nfft} (created on first use, kept for the instance's life). */
  RealFft plan(int nfft) {
    RealFft fft = plans.get(nfft);
    if (fft == null) {
      fft = BACKEND.equals("fftw") ? new FftwFft(nfft) : new JTransformsFft(nfft);
      plans.put(nfft, fft);
    }
    return fft;
  }

  /**
   * Writes {@code length} samples of the full convolution of {@code u} (length {@code n}) with {@code g}
   * (length {@code k <= n}), starting at full index {@code fullStart}, to {@code out[outOffset ..]}.
   * Unchecked: shapes are validated by the caller.
   */
  void convolveRange(double[] u, int uOffset, int n, double[] g, int gOffset, int k,
      int fullStart, int length, double[] out, int outOffset) {
    int nfft = fftSize(n, k);
    ensureWork(nfft);
    transformTaps(g, gOffset, k, nfft, tapsSpectrum);
    convolvePrepared(u, uOffset, n, k, tapsSpectrum, nfft, fullStart, length, out, outOffset);
  }

  /**
   * The spectrum of taps {@code g[gOffset .. + k)} zero-padded to {@code nfft} into {@code spectrum[0 .. nfft + 2)}:
   * the prepared form {@link #convolvePrepared} takes (and {@link RowConvolver} caches).
   */
  void transformTaps(double[] g, int gOffset, int k, int nfft, double[] spectrum) {
    ensureWork(nfft);
    System.arraycopy(g, gOffset, work, 0, k);
    java.util.Arrays.fill(work, k, nfft, 0.0);
    plan(nfft).forward(work, spectrum);
  }

  /** {@link #transformTaps} into {@code into[intoOffset .. + nfft + 2)}. */
  void transformTaps(double[] g, int gOffset, int k, int nfft, double[] into, int intoOffset) {
    ensureWork(nfft);
    transformTaps(g, gOffset, k, nfft, tapsSpectrum);
    System.arraycopy(tapsSpectrum, 0, into, intoOffset, nfft + 2);
  }

  /**
   * {@link #convolveRange} with the taps' spectrum at size {@code nfft} already computed
   * ({@link #transformTaps}); {@code nfft} must be at least {@code 2k} (as {@link #fftSize} gives).
   */
  void convolvePrepared(double[] u, int uOffset, int n, int k, double[] tapsSpectrum, int nfft,
      int fullStart, int length, double[] out, int outOffset) {
    RealFft fft = plan(nfft);
    ensureWork(nfft);
    java.util.Arrays.fill(out, outOffset, outOffset + length, 0.0);
    int segment = nfft - k + 1;
    int fullEnd = fullStart + length; // exclusive
    // Segment a contributes to full indices [a, a + segment + k - 1): start at the first that reaches fullStart.
    int first = Math.max(0, (fullStart - (segment + k - 2) + segment - 1) / segment) * segment;
    for (int a = first; a < n && a < fullEnd; a += segment) {
      int count = Math.min(segment, n - a);
      System.arraycopy(u, uOffset + a, work, 0, count);
      java.util.Arrays.fill(work, count, nfft, 0.0);
      fft.forward(work, spectrum);
      multiply(spectrum, tapsSpectrum, nfft);
      fft.inverse(spectrum, work);
      int from = Math.max(a, fullStart);
      int to = Math.min(a + count + k - 1, fullEnd);
      for (int i = from; i < to; i++) {
        out[outOffset + i - fullStart] += work[i - a];
      }
    }
  }

  private void ensureWork(int nfft) {
    if (work.length < nfft) {
      work = new double[nfft];
      tapsSpectrum = new double[nfft + 2];
      spectrum = new double[nfft + 2];
    }
  }

  /** {@code into = x * h[hOffset ..]} for interleaved complex spectra of {@code nfft / 2 + 1} values. */
  static void multiplyInto(double[] x, double[] h, int hOffset, double[] into, int nfft) {
    for (int i = 0; i <= nfft; i += 2) {
      double xr = x[i];
      double xi = x[i + 1];
      double hr = h[hOffset + i];
      double hi = h[hOffset + i + 1];
      into[i] = xr * hr - xi * hi;
      into[i + 1] = xr * hi + xi * hr;
    }
  }

  /** {@code x *= h} for interleaved complex spectra of {@code nfft / 2 + 1} values. */
  static void multiply(double[] x, double[] h, int nfft) {
    for (int i = 0; i <= nfft; i += 2) {
      double xr = x[i];
      double xi = x[i + 1];
      double hr = h[i];
      double hi = h[i + 1];
      x[i] = xr * hr - xi * hi;
      x[i + 1] = xr * hi + xi * hr;
    }
  }

  static int nextPowerOfTwo(int value) {
    int p = Integer.highestOneBit(Math.max(1, value));
    return p == value ? p : p << 1;
  }
}
