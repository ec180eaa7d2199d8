package io.rowconv.kernel.twod;

/**
 * Real 2-D transforms of one size {@code rows x cols} for {@link Fft2d}: a real input plane, two spectrum
 * slots (0 for the kernel, 1 for the image) and the circular convolution of what was put in them. Layout is the
 * implementation's business: callers only write and read rows of the real plane. Not thread-safe: one per
 * convolver and size.
 */
interface RealFft2d {

  /** Writes {@code src[offset .. + length)} to row {@code row} of the real plane and zeroes the rest of it. */
  void setRow(int row, double[] src, int offset, int length);

  /** Sets row {@code row} of the real plane to {@code value} in columns {@code [0, length)}, 0 beyond. */
  void fillRow(int row, double value, int length);

  /** Transforms the real plane into spectrum slot {@code slot} (the plane may be overwritten). */
  void forward(int slot);

  /** The real plane becomes the circular convolution of the planes transformed into slots 0 and 1. */
  void convolveSlots();

  /** Copies {@code length} values of the real plane's row {@code row} from column {@code col} to {@code dst}. */
  void getRow(int row, int col, double[] dst, int offset, int length);
}
