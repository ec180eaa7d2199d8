package io.rowconv.kernel.twod;

import org.jtransforms.fft.DoubleFFT_2D;

/**
 * {@link RealFft2d} on JTransforms (pure Java), the fallback where FFTW cannot load. It uses the full complex
 * layout of {@code realForwardFull} ({@code rows x 2 cols}, interleaved), twice the work of a packed real
 * transform but simple; only the fallback pays for it.
 */
final class JTransformsFft2d implements RealFft2d {

  static {
    // One thread per transform: parallelism comes from Spark's tasks.
    pl.edu.icm.jlargearrays.ConcurrencyUtils.setNumberOfThreads(1);
  }

  private final int rows;
  private final int cols;
  private final DoubleFFT_2D fft;
  private final double[] plane;
  private final double[][] spectra;

  JTransformsFft2d(int rows, int cols) {
    this.rows = rows;
    this.cols = cols;
    this.fft = new DoubleFFT_2D(rows, cols);
    this.plane = new double[rows * cols];
    this.spectra = new double[][] {new double[2 * rows * cols], new double[2 * rows * cols]};
  }

  @Override
  public void setRow(int row, double[] src, int offset, int length) {
    System.arraycopy(src, offset, plane, row * cols, length);
    java.util.Arrays.fill(plane, row * cols + length, (row + 1) * cols, 0.0);
  }

  @Override
  public void fillRow(int row, double value, int length) {
    java.util.Arrays.fill(plane, row * cols, row * cols + length, value);
    java.util.Arrays.fill(plane, row * cols + length, (row + 1) * cols, 0.0);
  }

  @Override
  public void forward(int slot) {
    double[] s = spectra[slot];
    System.arraycopy(plane, 0, s, 0, plane.length);
    fft.realForwardFull(s);
  }

  @Override
  public void convolveSlots() {
    double[] x = spectra[1];
    double[] h = spectra[0];
    for (int i = 0; i < x.length; i += 2) {
      double xr = x[i];
      double xi = x[i + 1];
      x[i] = xr * h[i] - xi * h[i + 1];
      x[i + 1] = xr * h[i + 1] + xi * h[i];
    }
    fft.complexInverse(x, true);
    for (int i = 0; i < plane.length; i++) {
      plane[i] = x[2 * i];
    }
  }

  @Override
  public void getRow(int row, int col, double[] dst, int offset, int length) {
    System.arraycopy(plane, row * cols + col, dst, offset, length);
  }
}
