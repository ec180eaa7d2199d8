package io.rowconv.kernel;

import dev.ludovic.netlib.blas.BLAS;

/**
 * The cost model behind {@link Method#AUTO}: estimates the time of each method for a row from its shape and
 * picks the cheapest, like scipy's {@code choose_conv_method} but with constants calibrated on this project's
 * kernels (docs/PERFORMANCE.md has the measurements and the command that produced them).
 *
 * <p>Shapes are after the operand swap: {@code n >= k}; {@code length} is the number of outputs wanted.
 */
final class MethodChooser {

  /** Nanoseconds per multiply-add of the direct loop. */
  private final double directNsPerMac;
  /** Nanoseconds per output of the direct loop beyond its multiply-adds (edges, row set-up). */
  private final double directNsPerOutput;
  /** Nanoseconds per flop of the block dgemm (zeros of the band included), and per dgemm call. */
  private final double toeplitzNsPerFlop;
  private final double toeplitzNsPerCall;
  /** Nanoseconds per unit of {@link FftConvolution#estimatedUnits}, and fixed cost per row. */
  private final double fftNsPerUnit;
  private final double fftNsPerRow;

  MethodChooser(double directNsPerMac, double directNsPerOutput, double toeplitzNsPerFlop,
      double toeplitzNsPerCall, double fftNsPerUnit, double fftNsPerRow) {
    this.directNsPerMac = directNsPerMac;
    this.directNsPerOutput = directNsPerOutput;
    this.toeplitzNsPerFlop = toeplitzNsPerFlop;
    this.toeplitzNsPerCall = toeplitzNsPerCall;
    this.fftNsPerUnit = fftNsPerUnit;
    this.fftNsPerRow = fftNsPerRow;
  }

  /**
   * Constants for this JVM: native dgemm (JNIBLAS) is about four times faster than netlib's Java dgemm, and
   * the SIMD direct loop twenty times faster than the scalar one. Measured with bench/run-kernel-bench.sh
   * (docs/PERFORMANCE.md): SIMD direct with paired taps 0.041 ns per multiply-add plus 0.1 ns per output
   * (n = 4096: k = 16, 64, 256 at 3.1, 11.6, 42.5 us; it under-estimates k < 16, where direct wins anyway),
   * scalar 1.0; block dgemm on native OpenBLAS 0.022 ns per flop (zeros of the band included) and 0.15 us
   * per call, Java dgemm 0.11 ns; JTransforms 0.29 ns per N log2 N, FFTW 0.13 (copies in and out of native
   * memory included).
   */
  static MethodChooser forBlas(BLAS blas) {
    boolean nativeBlas = BlasProvider.isNative(blas);
    double direct = DirectKernel.VECTORIZED ? 0.041 : 1.0;
    double perOutput = DirectKernel.VECTORIZED ? 0.1 : 0.0;
    double fft = FftConvolution.BACKEND.equals("fftw") ? 0.14 : 0.30;
    return nativeBlas
        ? new MethodChooser(direct, perOutput, 0.022, 150, fft, 1000)
        : new MethodChooser(direct, perOutput, 0.11, 0, fft, 1000);
  }

  /**
   * The same model for float32 rows ({@link SinglePrecisionConvolver}): the float direct loop and sgemm run
   * about 1.75x faster than their double forms (SinglePrecisionBench vs KernelBench at n=4096, k=4..256);
   * the FFT path transforms in double, so its constants stay.
   */
  MethodChooser singlePrecision() {
    double speedUp = 1.75;
    return new MethodChooser(directNsPerMac / speedUp, directNsPerOutput, toeplitzNsPerFlop / speedUp,
        toeplitzNsPerCall, fftNsPerUnit, fftNsPerRow);
  }

  /**
   * FFT gives up per-sample accuracy (its error scales with the row's largest values, not each sample's), so
   * auto takes it only when it is estimated at least this many times faster than the better exact method.
   */
  static final double FFT_ACCURACY_PREMIUM = 2.0;

  /**
   * The method for a row: {@code asked} unless it is {@link Method#AUTO}, else direct for one tap (every output
   * is one product) and the cheapest estimate otherwise.
   */
  Method pick(Method asked, int n, int k, int length) {
    if (asked != Method.AUTO) {
      return asked;
    }
    return k == 1 ? Method.DIRECT : choose(n, k, length);
  }

  /** The cheapest method for the shape; FFT only at {@link #FFT_ACCURACY_PREMIUM} times cheaper. */
  Method choose(int n, int k, int length) {
    double toeplitz = toeplitzNs(k, length);
    double direct = directNs(k, length);
    if (fftNs(n, k, length) * FFT_ACCURACY_PREMIUM < Math.min(direct, toeplitz)) {
      return Method.FFT;
    }
    return direct <= toeplitz ? Method.DIRECT : Method.TOEPLITZ;
  }

  double directNs(int k, int length) {
    return (directNsPerMac * k + directNsPerOutput) * length;
  }

  double toeplitzNs(int k, int length) {
    int l = ToeplitzBlockConvolution.blockLength(k);
    int blocks = length / l;
    if (blocks == 0) {
      return Double.MAX_VALUE;
    }
    int pieces = (l + k - 1 + l - 1) / l;
    double flops = 2.0 * l * l * pieces * blocks;
    double remainder = directNs(k, length - blocks * l);
    // building the L x (pieces * L) block and copying the padded window cost about 0.5 ns per element
    double setup = 0.5 * (l * (double) pieces * l + length + k);
    return toeplitzNsPerFlop * flops + toeplitzNsPerCall * pieces + remainder + setup;
  }

  double fftNs(int n, int k, int length) {
    int nfft = FftConvolution.fftSize(n, k);
    return fftNsPerRow + fftNsPerUnit * FftConvolution.estimatedUnits(n, k, nfft);
  }
}
