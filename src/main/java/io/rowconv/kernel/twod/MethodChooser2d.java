package io.rowconv.kernel.twod;

import dev.ludovic.netlib.blas.BLAS;
import io.rowconv.kernel.BlasProvider;
import io.rowconv.kernel.Method;

/**
 * The cost model behind {@link Method#AUTO} for images: the time of each method estimated from the shape
 * ({@link Geometry2d}, after the valid-mode swap) and the cheapest taken. Constants were fitted to
 * {@code Kernel2dBench} (n x n images, k x k kernels, n = 64..1024, k = 3..63; docs/PERFORMANCE.md, "2-D
 * kernel", has the figures and the command); each estimate is within about 25% of the measured time there.
 *
 * <p>FFT is taken only when estimated {@link #FFT_ACCURACY_PREMIUM} times faster than the better exact method:
 * its error is bounded by the image's scale, not each output's. The premium is lower than the 1-D kernel's
 * (2.0): at 1024 x 1024 with 15 x 15 kernels FFT measured 1.6x faster than the direct loop, and 2.0 would have
 * kept auto on the slower method there; 1.25 still leaves near-ties (64 x 64 with 15 x 15) to the model's error.
 */
final class MethodChooser2d {

  static final double FFT_ACCURACY_PREMIUM = 1.25;
  /** Outputs above which the image and its outputs no longer stay in the L2 cache (per-value costs double). */
  private static final double CACHED_OUTPUTS = 1 << 17;

  /** Direct: ns per multiply-add computed (band rows x pitch x taps), per output and E cell, per image. */
  private final double directNsPerMac;
  private final double directNsPerValue;
  private final double directNsPerImage;
  /** Toeplitz blocks: ns per dgemm flop (band zeros included), per dgemm call, per E/output cell copied. */
  private final double toeplitzNsPerFlop;
  private final double toeplitzNsPerCall;
  private final double toeplitzNsPerCell;
  private final double toeplitzNsPerImage;
  /** FFT: ns per unit of {@link FftLayout2d#units} (transforms and passes over the plane), per image. */
  private final double fftNsPerUnit;
  private final double fftNsPerImage;
  /** The FFT layout of the current shape (the same choice {@link Fft2d} makes). Reused. */
  private final FftLayout2d fftLayout = new FftLayout2d();

  MethodChooser2d(double directNsPerMac, double directNsPerValue, double directNsPerImage,
      double toeplitzNsPerFlop, double toeplitzNsPerCall, double toeplitzNsPerCell, double toeplitzNsPerImage,
      double fftNsPerUnit, double fftNsPerImage) {
    this.directNsPerMac = directNsPerMac;
    this.directNsPerValue = directNsPerValue;
    this.directNsPerImage = directNsPerImage;
    this.toeplitzNsPerFlop = toeplitzNsPerFlop;
    this.toeplitzNsPerCall = toeplitzNsPerCall;
    this.toeplitzNsPerCell = toeplitzNsPerCell;
    this.toeplitzNsPerImage = toeplitzNsPerImage;
    this.fftNsPerUnit = fftNsPerUnit;
    this.fftNsPerImage = fftNsPerImage;
  }

  /**
   * Constants for this JVM. Measured with the Vector API, native OpenBLAS and FFTW (docs/PERFORMANCE.md): SIMD
   * direct 0.033-0.047 ns per multiply-add (0.040 taken), 0.25 ns per output and per E cell while cached (0.5
   * beyond), 1 us per image; dgemm blocks 0.034 ns per flop; FFT 0.118 ns per unit, 4.4 us per image. Without
   * them: the scalar loop about 20x slower per multiply-add (as in 1-D), netlib's Java dgemm about 4x, and
   * JTransforms' full complex transforms about 5x (estimates, not fitted).
   */
  static MethodChooser2d forBlas(BLAS blas) {
    boolean nativeBlas = BlasProvider.isNative(blas);
    boolean fftw = Fft2d.BACKEND.equals("fftw");
    return new MethodChooser2d(Direct2d.VECTORIZED ? 0.040 : 0.8, 0.25, 1000,
        nativeBlas ? 0.034 : 0.14, nativeBlas ? 150 : 0, 1.0, 5000,
        fftw ? 0.118 : 0.6, 4400);
  }

  Method choose(Geometry2d geo) {
    if (geo.kRows == 1 && geo.kCols == 1) {
      return Method.DIRECT;
    }
    double direct = directNs(geo);
    double toeplitz = toeplitzNs(geo);
    double best = Math.min(direct, toeplitz);
    // FFT costs at least its per-image part: where that alone loses, its layout need not be searched
    if (fftNsPerImage * FFT_ACCURACY_PREMIUM < best && fftNs(geo) * FFT_ACCURACY_PREMIUM < best) {
      return Method.FFT;
    }
    return direct <= toeplitz ? Method.DIRECT : Method.TOEPLITZ;
  }

  double directNs(Geometry2d geo) {
    int pitch = Direct2d.pitch(geo);
    double computed = (double) geo.outRows * pitch; // a band's run includes pitch - outCols dropped values per row
    double outputs = (double) geo.outRows * geo.outCols;
    double values = outputs + (geo.extendsImage ? (double) geo.extRows * geo.extCols : 0);
    double perValue = outputs > CACHED_OUTPUTS ? 2 * directNsPerValue : directNsPerValue;
    return directNsPerImage + directNsPerMac * computed * geo.kRows * geo.kCols + perValue * values;
  }

  double toeplitzNs(Geometry2d geo) {
    int l = ToeplitzBlock2d.blockLength(geo.kCols);
    int pieces = ToeplitzBlock2d.pieces(geo.kCols);
    int pitch = ToeplitzBlock2d.pitch(geo.outCols, geo.kCols);
    int band = Geometry2d.bandRows(geo.outRows, geo.kRows, pitch);
    int bands = (geo.outRows + band - 1) / band;
    double flops = 2.0 * l * l * pieces * geo.kRows * ((double) geo.outRows * pitch / l);
    double cells = (double) (geo.outRows + bands * (geo.kRows - 1)) * pitch + (double) geo.outRows * geo.outCols;
    return toeplitzNsPerImage + toeplitzNsPerFlop * flops + toeplitzNsPerCall * (double) bands * geo.kRows * pieces
        + toeplitzNsPerCell * cells;
  }

  double fftNs(Geometry2d geo) {
    fftLayout.choose(geo);
    return fftNsPerImage + fftNsPerUnit * fftLayout.units;
  }
}
