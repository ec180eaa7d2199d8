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
  /** Nanoseconds per flop of the block dgemm (zeros of the band included), and per dgemm call. */
  private final double toeplitzNsPerFlop;
  private final double toeplitzNsPerCall;
  /** Nanoseconds per {@code N log2 N} unit of one complex FFT, and fixed cost per row. */
  private final double fftNsPerUnit;
  private final double fftNsPerRow;

  MethodChooser(double directNsPerMac, double toeplitzNsPerFlop, double toeplitzNsPerCall,
      double fftNsPerUnit, double fftNsPerRow) {
    this.directNsPerMac = directNsPerMac;
    this.toeplitzNsPerFlop = toeplitzNsPerFlop;
    this.toeplitzNsPerCall = toeplitzNsPerCall;
    this.fftNsPerUnit = fftNsPerUnit;
    this.fftNsPerRow = fftNsPerRow;
  }

  /** Constants for the BLAS in use: native dgemm is several times faster than netlib's Java dgemm. */
  static MethodChooser forBlas(BLAS blas) {
    boolean nativeBlas = blas.getClass().getSimpleName().startsWith("JNI");
    return nativeBlas
        ? new MethodChooser(0.10, 0.022, 150, 0.55, 300)
        : new MethodChooser(0.10, 0.11, 10, 0.55, 300);
  }

  Method choose(int n, int k, int length) {
    double direct = directNs(k, length);
    double toeplitz = toeplitzNs(k, length);
    double fft = fftNs(n, k, length);
    if (direct <= toeplitz && direct <= fft) {
      return Method.DIRECT;
    }
    return toeplitz <= fft ? Method.TOEPLITZ : Method.FFT;
  }

  double directNs(int k, int length) {
    return directNsPerMac * (double) length * k;
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
    return toeplitzNsPerFlop * flops + toeplitzNsPerCall * pieces + remainder;
  }

  double fftNs(int n, int k, int length) {
    int nfft = FftConvolution.fftSize(n, k);
    int segment = nfft - k + 1;
    // segments that reach the requested outputs: about (length + k - 1) / segment, at most n / segment
    int segments = Math.min((n + segment - 1) / segment, (length + k - 1 + segment - 1) / segment + 1);
    int transforms = 1 + 2 * ((segments + 1) / 2);
    return fftNsPerRow + fftNsPerUnit * transforms * nfft * (double) Integer.numberOfTrailingZeros(nfft);
  }
}
