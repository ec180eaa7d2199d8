package io.rowconv.kernel;

import dev.ludovic.netlib.blas.BLAS;

/**
 * {@link RowConvolver} for {@code float32} rows computed in single precision, as {@code scipy.signal.convolve}
 * computes float32 inputs: the Toeplitz blocks multiply with BLAS {@code sgemm}, the direct loop runs on
 * float vectors (twice the lanes of double), and the FFT path transforms in double precision and rounds the
 * result to float once. Same methods, operand swap, correlation and NaN/Inf handling as {@link RowConvolver};
 * {@link Method#AUTO} weighs the faster float loops ({@link MethodChooser#singlePrecision()}).
 *
 * <h2>Accuracy</h2>
 *
 * Against the exact result on the float inputs: direct and Toeplitz within
 * {@code errorBound(n, k) * sum_j |h_j x_(i-j)|} per output sample, where {@code errorBound(n, k) =
 * (min(n, k) + 1) * 2^-24} is the worst case of summing {@code min(n, k)} products in float plus the
 * rounding of each product (typical errors are far smaller, about {@code sqrt(k) * 2^-24}); FFT within
 * {@code 2^-24 * |y_i| + FFT's double bound} ({@link Method#FFT}).
 *
 * <p>Work buffers are owned by the instance and reused across rows; not thread-safe.
 */
public final class SinglePrecisionConvolver {

  /** Unit roundoff of float32. */
  public static final double UNIT_ROUNDOFF = 0x1p-24;

  private final FloatToeplitzBlockConvolution blocks;
  private final FloatDirectKernel direct = new FloatDirectKernel();
  private final FftConvolution fft = new FftConvolution();
  private final MethodChooser chooser;
  private float[] reversedTaps = new float[0];
  /** FFT operands and result widened to double. These objects are reused across rows. */
  private double[] wideU = new double[0];
  private double[] wideW = new double[0];
  private double[] wideOut = new double[0];
  private final long[] rowsByMethod = new long[Method.values().length];
  private Method lastMethod;

  /** A convolver backed by the JVM's BLAS as {@link BlasProvider} chooses it. */
  public SinglePrecisionConvolver() {
    this(BlasProvider.get());
  }

  public SinglePrecisionConvolver(BLAS blas) {
    this.blocks = new FloatToeplitzBlockConvolution(blas);
    this.chooser = MethodChooser.forBlas(blas).singlePrecision();
  }

  /** Per-sample relative error bound of the direct and Toeplitz methods (see the class comment). */
  public static double errorBound(int n, int k) {
    return (Math.min(n, k) + 1) * UNIT_ROUNDOFF;
  }

  /** The method the last row was computed with (never {@link Method#AUTO}); null before the first row. */
  public Method lastMethod() {
    return lastMethod;
  }

  /** How many rows this instance computed with {@code method}. */
  public long rowsComputedWith(Method method) {
    return rowsByMethod[method.ordinal()];
  }

  /**
   * Computes {@code op(x, h, mode)} in single precision for {@code x = signal[signalOffset .. + n)} and
   * {@code h = taps[tapsOffset .. + k)} into {@code out[outOffset .. + mode.outputLength(n, k))}.
   *
   * @return the number of samples written
   * @throws IllegalArgumentException if an argument is null, {@code n} or {@code k} is below 1 or a range is out
   *     of bounds
   */
  public int apply(
      Operation op, Mode mode, Method method,
      float[] signal, int signalOffset, int n,
      float[] taps, int tapsOffset, int k,
      float[] out, int outOffset) {
    int length = RowArguments.check(op, mode, method, RowArguments.lengthOf(signal), signalOffset, n,
        RowArguments.lengthOf(taps), tapsOffset, k, RowArguments.lengthOf(out), outOffset);

    float[] g = taps;
    int gOffset = tapsOffset;
    if (op == Operation.CORRELATE) {
      if (reversedTaps.length < k) {
        reversedTaps = new float[k];
      }
      for (int j = 0; j < k; j++) {
        reversedTaps[j] = taps[tapsOffset + k - 1 - j];
      }
      g = reversedTaps;
      gOffset = 0;
    }
    int fullStart = mode.fullOffset(n, k);
    boolean swap = k > n; // the shorter operand acts as the taps (see RowConvolver)
    float[] u = swap ? g : signal;
    int uOffset = swap ? gOffset : signalOffset;
    int uLength = swap ? k : n;
    float[] w = swap ? signal : g;
    int wOffset = swap ? signalOffset : gOffset;
    int wLength = swap ? n : k;
    Method chosen = chooser.pick(method, uLength, wLength, length);
    boolean finite = chosen == Method.DIRECT
        ? wLength == 1 || FloatDirectKernel.allFinite(w, wOffset, wLength)
        : FloatDirectKernel.allFinite(u, uOffset, uLength) && FloatDirectKernel.allFinite(w, wOffset, wLength);
    if (!finite) {
      FloatDirectKernel.convolveRangeScalar(signal, signalOffset, n, g, gOffset, k, fullStart, length, out,
          outOffset);
      record(Method.DIRECT);
      return length;
    }
    switch (chosen) {
      case DIRECT -> direct.convolveRange(u, uOffset, uLength, w, wOffset, wLength, fullStart, length, out,
          outOffset);
      case TOEPLITZ -> {
        int blocked = ToeplitzBlockConvolution.blockedOutputs(length, wLength);
        blocks.convolveBlocks(u, uOffset, uLength, w, wOffset, wLength, fullStart, length, out, outOffset);
        direct.convolveRange(u, uOffset, uLength, w, wOffset, wLength, fullStart + blocked, length - blocked,
            out, outOffset + blocked); // finite operands: the vector loop is exact here
      }
      case FFT -> convolveFft(u, uOffset, uLength, w, wOffset, wLength, fullStart, length, out, outOffset);
      default -> throw new AssertionError(chosen);
    }
    record(chosen);
    return length;
  }

  private void convolveFft(float[] u, int uOffset, int n, float[] w, int wOffset, int k,
      int fullStart, int length, float[] out, int outOffset) {
    wideU = widen(u, uOffset, n, wideU);
    wideW = widen(w, wOffset, k, wideW);
    if (wideOut.length < length) {
      wideOut = new double[length];
    }
    fft.convolveRange(wideU, 0, n, wideW, 0, k, fullStart, length, wideOut, 0);
    for (int i = 0; i < length; i++) {
      out[outOffset + i] = (float) wideOut[i];
    }
  }

  private static double[] widen(float[] a, int offset, int length, double[] buffer) {
    double[] into = buffer.length < length ? new double[length] : buffer;
    for (int i = 0; i < length; i++) {
      into[i] = a[offset + i];
    }
    return into;
  }

  private void record(Method used) {
    rowsByMethod[used.ordinal()]++;
    lastMethod = used;
  }
}
