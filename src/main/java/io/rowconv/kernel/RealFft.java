package io.rowconv.kernel;

/**
 * Real transforms of one size for {@link FftConvolution}, spectra as interleaved complex values
 * {@code [Re0, Im0, Re1, Im1, ..., Re(N/2), Im(N/2)]} (length {@code N + 2}). Not thread-safe: one per
 * convolver.
 */
interface RealFft {

  /** Transforms {@code real[0 .. N)} into {@code spectrum[0 .. N + 2)}; {@code real} may be overwritten. */
  void forward(double[] real, double[] spectrum);

  /** Inverse of {@link #forward}, scaled by {@code 1/N}: {@code spectrum} (may be overwritten) into {@code real[0 .. N)}. */
  void inverse(double[] spectrum, double[] real);

  /**
   * {@link #inverse} without the {@code 1/N} scaling, for callers that fold it into a spectrum prepared once
   * (a filter bank's taps): saves a pass over the output per transform.
   */
  void inverseUnscaled(double[] spectrum, double[] real);
}
