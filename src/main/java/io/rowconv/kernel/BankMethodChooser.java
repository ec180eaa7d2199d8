package io.rowconv.kernel;

import dev.ludovic.netlib.blas.BLAS;

/**
 * {@link Method#AUTO} for one group of a filter bank ({@code G} filters padded to {@code K} taps, {@code span}
 * outputs each, signal of {@code n}): estimates the time of {@link BankKernels}' three ways and picks the
 * cheapest, with FFT only at {@link MethodChooser#FFT_ACCURACY_PREMIUM} times cheaper than the better exact
 * one (as for one filter). {@link Method#TOEPLITZ} names the block product for banks. Constants measured with
 * {@code BankBench} (docs/PERFORMANCE.md, "Filter banks").
 */
final class BankMethodChooser {

  /** Nanoseconds per multiply-add of the pair loop, and per output (edges, copy out). */
  private final double directNsPerMac;
  private final double directNsPerOutput;
  /** Nanoseconds per flop of the block dgemm, per window value copied, per dgemm call. */
  private final double blocksNsPerFlop;
  private final double blocksNsPerCopy;
  private final double blocksNsPerCall;
  /** Nanoseconds per unit of {@link #fftUnits}. */
  private final double fftNsPerUnit;

  BankMethodChooser(double directNsPerMac, double directNsPerOutput, double blocksNsPerFlop,
      double blocksNsPerCopy, double blocksNsPerCall, double fftNsPerUnit) {
    this.directNsPerMac = directNsPerMac;
    this.directNsPerOutput = directNsPerOutput;
    this.blocksNsPerFlop = blocksNsPerFlop;
    this.blocksNsPerCopy = blocksNsPerCopy;
    this.blocksNsPerCall = blocksNsPerCall;
    this.fftNsPerUnit = fftNsPerUnit;
  }

  /**
   * Constants for this JVM, from BankBench at n = 4096 (F = 8, 32; k = 16 .. 1024; docs/PERFORMANCE.md): the
   * pair loop 0.020 ns per multiply-add plus 0.26 ns per output and filter (edges, copy out; about 95 useful
   * GFLOP/s at k = 256, where the one-filter loop, load-bound, does 50); the block product 0.023 ns per flop on
   * native OpenBLAS plus 0.36 ns per window value copied (Java dgemm: 0.11); FFT 0.135 ns per unit of
   * {@link #fftUnits} on FFTW (JTransforms 0.30); without the Vector API the loop is scalar (1 ns per
   * multiply-add, one filter at a time).
   */
  static BankMethodChooser forBlas(BLAS blas) {
    boolean nativeBlas = BlasProvider.isNative(blas);
    double direct = DirectKernel.VECTORIZED ? 0.020 : 1.0;
    double perOutput = DirectKernel.VECTORIZED ? 0.26 : 0.0;
    double fft = FftConvolution.BACKEND.equals("fftw") ? 0.135 : 0.30;
    return new BankMethodChooser(direct, perOutput, nativeBlas ? 0.023 : 0.11, 0.36, nativeBlas ? 150 : 0, fft);
  }

  /** {@code asked}, or for {@link Method#AUTO} the cheapest estimate. */
  Method pick(Method asked, int filters, int k, int n, int span) {
    if (asked != Method.AUTO) {
      return asked;
    }
    double direct = directNs(filters, k, span);
    double blocks = blocksNs(filters, k, span);
    if (fftNs(filters, k, n) * MethodChooser.FFT_ACCURACY_PREMIUM < Math.min(direct, blocks)) {
      return Method.FFT;
    }
    return direct <= blocks ? Method.DIRECT : Method.TOEPLITZ;
  }

  double directNs(int filters, int k, int span) {
    return filters * (directNsPerMac * k + directNsPerOutput) * (double) span;
  }

  double blocksNs(int filters, int k, int span) {
    int calls = (span + BankKernels.blockColumns(k) - 1) / BankKernels.blockColumns(k);
    return blocksNsPerFlop * 2.0 * filters * k * span + blocksNsPerCopy * ((double) k + filters) * span
        + blocksNsPerCall * calls;
  }

  double fftNs(int filters, int k, int n) {
    return fftNsPerUnit * fftUnits(n, k, filters, fftSize(n, k, filters));
  }

  /**
   * Work of a group at FFT size {@code m}, in units of about one {@code N log2 N} step: per segment one forward
   * transform, then per filter a product, an inverse transform and the overlap-add (the filters' spectra are
   * prepared once per bank, so they are not counted).
   */
  static double fftUnits(int n, int k, int filters, int m) {
    int segments = (n + m - k) / (m - k + 1);
    double transform = m * (double) Integer.numberOfTrailingZeros(m);
    return segments * (transform + filters * (transform + 4.0 * m));
  }

  /** The power-of-two FFT size with the least {@link #fftUnits}, from {@code 2K} to the whole row. */
  static int fftSize(int n, int k, int filters) {
    int smallest = FftConvolution.nextPowerOfTwo(2 * k);
    int limit = Math.min(FftConvolution.MAX_FFT_SIZE, Math.max(smallest, FftConvolution.nextPowerOfTwo(n + k - 1)));
    int best = smallest;
    double bestUnits = Double.MAX_VALUE;
    for (int m = smallest; m <= limit; m <<= 1) {
      double units = fftUnits(n, k, filters, m);
      if (units < bestUnits) {
        bestUnits = units;
        best = m;
      }
    }
    return best;
  }
}
