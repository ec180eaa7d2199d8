package io.rowconv.kernel.twod;

import dev.ludovic.netlib.blas.BLAS;
import io.rowconv.kernel.Method;

/**
 * The cost model behind {@link Method#AUTO} for images: the time of each method estimated from the shape
 * ({@link Geometry2d}, after the valid-mode swap) with constants measured on this project's kernels
 * (docs/PERFORMANCE.md, section "2-D kernel", has the figures and the command), and the cheapest taken. FFT
 * is taken only when estimated {@link #FFT_ACCURACY_PREMIUM} times faster than the better exact method, as
 * for rows: its error is bounded by the image's scale, not each output's.
 */
final class MethodChooser2d {

  static final double FFT_ACCURACY_PREMIUM = 2.0;

  /** Direct: ns per multiply-add, per output, per E cell built (when E leaves the image), per image. */
  private final double directNsPerMac;
  private final double directNsPerOutput;
  private final double directNsPerCell;
  private final double directNsPerImage;
  /** Toeplitz blocks: ns per dgemm flop (band zeros included), per dgemm call, per E/output cell copied. */
  private final double toeplitzNsPerFlop;
  private final double toeplitzNsPerCall;
  private final double toeplitzNsPerCell;
  /** FFT: ns per unit of {@link FftLayout2d#units} (transforms and passes over the plane), per image. */
  private final double fftNsPerUnit;
  private final double fftNsPerImage;
  /** The FFT layout of the current shape (the same choice {@link Fft2d} makes). Reused. */
  private final FftLayout2d fftLayout = new FftLayout2d();

  MethodChooser2d(double directNsPerMac, double directNsPerOutput, double directNsPerCell, double directNsPerImage,
      double toeplitzNsPerFlop, double toeplitzNsPerCall, double toeplitzNsPerCell,
      double fftNsPerUnit, double fftNsPerImage) {
    this.directNsPerMac = directNsPerMac;
    this.directNsPerOutput = directNsPerOutput;
    this.directNsPerCell = directNsPerCell;
    this.directNsPerImage = directNsPerImage;
    this.toeplitzNsPerFlop = toeplitzNsPerFlop;
    this.toeplitzNsPerCall = toeplitzNsPerCall;
    this.toeplitzNsPerCell = toeplitzNsPerCell;
    this.fftNsPerUnit = fftNsPerUnit;
    this.fftNsPerImage = fftNsPerImage;
  }

  /** Constants for this JVM's direct loop (SIMD or scalar), BLAS (native or Java) and FFT library. */
  static MethodChooser2d forBlas(BLAS blas) {
    boolean nativeBlas = blas.getClass().getSimpleName().startsWith("JNI");
    boolean fftw = Fft2d.BACKEND.equals("fftw");
    double mac = Direct2d.VECTORIZED ? 0.045 : 0.9;
    double perOutput = Direct2d.VECTORIZED ? 0.3 : 1.0;
    return new MethodChooser2d(mac, perOutput, 0.5, 300,
        nativeBlas ? 0.022 : 0.11, nativeBlas ? 150 : 0, 0.5,
        fftw ? 0.12 : 0.6, 3000);
  }

  Method choose(Geometry2d geo) {
    if (geo.kRows == 1 && geo.kCols == 1) {
      return Method.DIRECT;
    }
    double direct = directNs(geo);
    double toeplitz = toeplitzNs(geo);
    if (fftNs(geo) * FFT_ACCURACY_PREMIUM < Math.min(direct, toeplitz)) {
      return Method.FFT;
    }
    return direct <= toeplitz ? Method.DIRECT : Method.TOEPLITZ;
  }

  double directNs(Geometry2d geo) {
    double outputs = (double) geo.outRows * geo.outCols;
    double cells = geo.extendsImage ? (double) geo.extRows * geo.extCols : 0;
    return directNsPerImage + outputs * (directNsPerMac * geo.kRows * geo.kCols + directNsPerOutput)
        + directNsPerCell * cells;
  }

  double toeplitzNs(Geometry2d geo) {
    int l = ToeplitzBlock2d.blockLength(geo.kCols);
    int pieces = ToeplitzBlock2d.pieces(geo.kCols);
    int pitch = ToeplitzBlock2d.pitch(geo.outCols, geo.kCols);
    int band = ToeplitzBlock2d.bandRows(geo.outRows, geo.kRows, pitch);
    int bands = (geo.outRows + band - 1) / band;
    double flops = 2.0 * l * l * pieces * geo.kRows * ((double) geo.outRows * pitch / l);
    double cells = (double) (geo.outRows + bands * (geo.kRows - 1)) * pitch + (double) geo.outRows * geo.outCols;
    return toeplitzNsPerFlop * flops + toeplitzNsPerCall * (double) bands * geo.kRows * pieces
        + toeplitzNsPerCell * cells;
  }

  double fftNs(Geometry2d geo) {
    fftLayout.choose(geo);
    return fftNsPerImage + fftNsPerUnit * fftLayout.units;
  }
}
