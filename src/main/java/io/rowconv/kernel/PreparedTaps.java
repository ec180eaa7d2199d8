package io.rowconv.kernel;

/**
 * The prepared forms of one filter, as {@link RowConvolver} caches them in its {@link PreparedCache}: the taps'
 * spectrum at each FFT size rows have asked for (rows of different lengths may pick different sizes; at most
 * {@link #MAX_SIZES}), and the Toeplitz block (one block length per tap count). Forms are added as rows need
 * them; the cache accounts for their bytes.
 */
final class PreparedTaps implements PreparedCache.Entry {

  /** FFT sizes kept per filter: row lengths rarely spread over more than a few powers of two. */
  static final int MAX_SIZES = 4;

  private final long keyBytes;
  private final int[] fftSizes = new int[MAX_SIZES];
  private final double[][] spectra = new double[MAX_SIZES][];
  private int sizes;
  private double[] block;
  private long formBytes;

  PreparedTaps(long keyBytes) {
    this.keyBytes = keyBytes;
  }

  @Override
  public long bytes() {
    return keyBytes + formBytes;
  }

  @Override
  public void releaseArrays(java.util.function.Consumer<double[]> sink) {
    for (int i = 0; i < sizes; i++) {
      sink.accept(spectra[i]);
    }
    if (block != null) {
      sink.accept(block);
    }
  }

  /** The spectrum at size {@code nfft}, or null. */
  double[] spectrum(int nfft) {
    for (int i = 0; i < sizes; i++) {
      if (fftSizes[i] == nfft) {
        return spectra[i];
      }
    }
    return null;
  }

  /** True when a spectrum at one more size may be added. */
  boolean hasRoomForSpectrum() {
    return sizes < MAX_SIZES;
  }

  /** Adds the spectrum at {@code nfft}; returns the bytes added. */
  long addSpectrum(int nfft, double[] spectrum) {
    fftSizes[sizes] = nfft;
    spectra[sizes++] = spectrum;
    formBytes += 8L * spectrum.length + 16;
    return 8L * spectrum.length + 16;
  }

  double[] block() {
    return block;
  }

  /** Sets the Toeplitz block; returns the bytes added. */
  long setBlock(double[] built) {
    block = built;
    formBytes += 8L * built.length + 16;
    return 8L * built.length + 16;
  }
}
