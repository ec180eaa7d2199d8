package io.rowconv.spark;

import io.rowconv.kernel.Magnitudes;
import io.rowconv.kernel.Method;
import io.rowconv.kernel.Mode;
import io.rowconv.kernel.Operation;
import io.rowconv.kernel.RowConvolver;
import io.rowconv.kernel.SinglePrecisionConvolver;
import java.io.Serializable;
import java.util.concurrent.Future;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;

/**
 * The work rowconv does for one row, shared by the job's passes and the SQL functions: the checks of the
 * signal and taps, their copy from Spark's array memory into reused buffers, the kernel call, and the check of
 * a result that could overflow. One instance per task (not thread-safe: its buffers are reused row after row);
 * {@link Setup} is what travels to the executors. Public for rowconv's SQL functions ({@code io.rowconv.spark.sql});
 * not an API of its own.
 *
 * <p>The checks run in order, signal before taps, and the first failing one wins: {@code null_array},
 * {@code empty_array} (scipy raises on empty input), {@code too_long}, {@code null_element}, {@code non_finite}
 * (float and double arrays, unless the policy is {@code propagate}); then, for a row computed from finite
 * operands that is large enough to overflow ({@link Magnitudes#resultMayOverflow}: values near the type's
 * limit), {@code non_finite_result} when its result holds NaN or +-Inf. A {@code valid}-mode output is never
 * empty ({@code |n - k| + 1 >= 1}), so there is no reason code for that.
 *
 * <p>The operands are read as {@code array<double>} (the stage casts other element types first, which keeps
 * nulls, lengths and non-finite values), or as {@code array<float>} in single precision.
 */
public final class RowStep {

  /** One operand: its name in messages, whether its type allows null elements, whether it is float or double. */
  public record Operand(String name, boolean mayHoldNulls, boolean floatingPoint) implements Serializable {}

  /** What a row is computed as and checked for; small, immutable, shipped with each task. */
  /**
   * What a row is computed as and checked for; small, immutable, shipped with each task. {@code jobOptions}:
   * messages name the job's option that changes the outcome ({@code --max-length}, {@code --non-finite}).
   */
  public record Setup(Operation operation, Mode mode, Method method, boolean single, boolean rejectNonFinite,
      int maxLength, Operand signal, Operand taps, boolean jobOptions) implements Serializable {

    Setup(ConvolutionSpec spec, Operand signal, Operand taps) {
      this(spec.operation(), spec.mode(), spec.method(), spec.precision() == ConvolutionSpec.Precision.SINGLE,
          spec.nonFinite() == ConvolutionSpec.NonFinitePolicy.REJECT, spec.maxLength(), signal, taps, true);
    }
  }

  private final Setup setup;
  /** Loads the kernel's native libraries; awaited before the first convolver is made (null: none to wait for). */
  private final Future<Void> kernelLibraries;
  private final OperandBuffers buffers = new OperandBuffers();
  private RowConvolver convolver;
  private SinglePrecisionConvolver floatConvolver;
  private int n;
  private int k;
  /** Whether the prepared row's result must be checked for NaN/Inf (finite operands near the type's limit). */
  private boolean checkResult;
  private Method lastMethod;

  public RowStep(Setup setup, Future<Void> kernelLibraries) {
    this.setup = setup;
    this.kernelLibraries = kernelLibraries;
  }

  /**
   * Checks {@code signal} and {@code taps} and copies them into the step's buffers: null when the row can be
   * computed ({@link #compute}), else why not. The arrays are not used after this returns.
   */
  public RowReject prepare(ArrayData signal, ArrayData taps) {
    RowReject reject = checkStructure(setup.signal(), signal);
    if (reject != null) {
      return reject;
    }
    n = setup.single() ? buffers.readSignalFloats(signal) : buffers.readSignal(signal);
    double maxSignal = setup.signal().floatingPoint() ? maxAbs(true) : 0;
    reject = checkFinite(setup.signal(), maxSignal, true);
    if (reject != null) {
      return reject;
    }
    reject = checkStructure(setup.taps(), taps);
    if (reject != null) {
      return reject;
    }
    k = setup.single() ? buffers.readTapsFloats(taps) : buffers.readTaps(taps);
    double maxTaps = setup.taps().floatingPoint() ? maxAbs(false) : 0;
    reject = checkFinite(setup.taps(), maxTaps, false);
    if (reject != null) {
      return reject;
    }
    // integer and decimal operands (at most about 1e38 as doubles) cannot overflow a double result; float and
    // double ones can only near the type's limit, and then only a rejecting policy looks at the result
    checkResult = setup.rejectNonFinite() && (setup.signal().floatingPoint() || setup.taps().floatingPoint())
        && Magnitudes.resultMayOverflow(n, k, maxSignal, maxTaps, setup.single());
    return null;
  }

  /** Whether the prepared row's result has to be computed to know whether it is rejected. */
  public boolean resultDecidesReject() {
    return checkResult;
  }

  /** Output length of the prepared row. */
  public int outputLength() {
    return setup.mode().outputLength(n, k);
  }

  /**
   * Computes the prepared row into the step's result buffer ({@link #result()}): null, or the reject when its
   * result holds NaN or +-Inf from finite operands under the reject policy.
   */
  public RowReject compute() {
    if (setup.single()) {
      return computeInto(buffers.resultFloats(outputLength()), buffers.resultOffset());
    }
    return computeInto(buffers.result(outputLength()), buffers.resultOffset());
  }

  /** {@link #compute()} into {@code out[offset ..]} (double precision). */
  public RowReject computeInto(double[] out, int offset) {
    if (convolver == null) {
      awaitLibraries();
      convolver = new RowConvolver();
    }
    convolver.apply(setup.operation(), setup.mode(), setup.method(), buffers.signal(), 0, n, buffers.taps(), 0, k,
        out, offset);
    lastMethod = convolver.lastMethod();
    if (!checkResult) {
      return null;
    }
    int at = Magnitudes.firstNonFinite(out, offset, outputLength());
    return resultReject(at, at < 0 ? 0 : out[offset + at]);
  }

  /** {@link #compute()} into {@code out[offset ..]} (single precision). */
  public RowReject computeInto(float[] out, int offset) {
    if (floatConvolver == null) {
      awaitLibraries();
      floatConvolver = new SinglePrecisionConvolver();
    }
    floatConvolver.apply(setup.operation(), setup.mode(), setup.method(), buffers.signalFloats(), 0, n,
        buffers.tapsFloats(), 0, k, out, offset);
    lastMethod = floatConvolver.lastMethod();
    if (!checkResult) {
      return null;
    }
    int at = Magnitudes.firstNonFinite(out, offset, outputLength());
    return resultReject(at, at < 0 ? 0 : out[offset + at]);
  }

  /** The method the last computed row took. */
  public Method lastMethod() {
    return lastMethod;
  }

  /** The last {@link #compute()}'s result, as Spark array data over the step's buffer (valid until the next). */
  UnsafeArrayData result() {
    return buffers.resultArray();
  }

  /** The prepared signal's values ({@code double[]}, or {@code float[]} in single precision), first n. */
  Object signalValues() {
    return setup.single() ? buffers.signalFloats() : buffers.signal();
  }

  /** The prepared taps' values, first k, like {@link #signalValues()}. */
  Object tapsValues() {
    return setup.single() ? buffers.tapsFloats() : buffers.taps();
  }

  int signalLength() {
    return n;
  }

  int tapsLength() {
    return k;
  }

  /** Lets go of very long operand buffers after a row (see {@link OperandBuffers#releaseLargeOperands()}). */
  void releaseLargeBuffers() {
    buffers.releaseLargeOperands();
  }

  private void awaitLibraries() {
    if (kernelLibraries != null) {
      NativeLoads.await(kernelLibraries); // a failed load fails the task here, with its cause
    }
  }

  private RowReject checkStructure(Operand operand, ArrayData array) {
    String who = operand.name() + ": ";
    if (array == null) {
      return new RowReject(RejectReason.NULL_ARRAY, who + "value is null");
    }
    int length = array.numElements();
    if (length == 0) {
      return new RowReject(RejectReason.EMPTY_ARRAY, who + "array is empty (scipy raises on empty input)");
    }
    if (length > setup.maxLength()) {
      return new RowReject(RejectReason.TOO_LONG,
          who + "length " + length + " exceeds the limit " + setup.maxLength()
              + (setup.jobOptions() ? " (--max-length)" : ""));
    }
    if (operand.mayHoldNulls()) {
      int firstNull = SparkArrays.firstNullElement(array);
      if (firstNull >= 0) {
        return new RowReject(RejectReason.NULL_ELEMENT, who + "element " + firstNull + " is null");
      }
    }
    return null;
  }

  private double maxAbs(boolean signal) {
    if (setup.single()) {
      return signal ? Magnitudes.maxAbs(buffers.signalFloats(), 0, n) : Magnitudes.maxAbs(buffers.tapsFloats(), 0, k);
    }
    return signal ? Magnitudes.maxAbs(buffers.signal(), 0, n) : Magnitudes.maxAbs(buffers.taps(), 0, k);
  }

  /** A NaN or infinite largest magnitude means a non-finite element: rejected under the reject policy. */
  private RowReject checkFinite(Operand operand, double maxAbs, boolean signal) {
    if (!setup.rejectNonFinite() || Double.isFinite(maxAbs)) {
      return null;
    }
    int at;
    double value;
    if (setup.single()) {
      float[] values = signal ? buffers.signalFloats() : buffers.tapsFloats();
      at = Magnitudes.firstNonFinite(values, 0, signal ? n : k);
      value = values[at];
    } else {
      double[] values = signal ? buffers.signal() : buffers.taps();
      at = Magnitudes.firstNonFinite(values, 0, signal ? n : k);
      value = values[at];
    }
    return new RowReject(RejectReason.NON_FINITE, operand.name() + ": element " + at + " is " + value
        + (setup.jobOptions() ? " (use --non-finite propagate to compute such rows as scipy's direct method does)"
            : ""));
  }

  private RowReject resultReject(int at, double value) {
    if (at < 0) {
      return null;
    }
    return new RowReject(RejectReason.NON_FINITE_RESULT, "result: element " + at + " is " + value
        + " although signal and taps are finite (the sum overflows the number type"
        + (setup.jobOptions() ? "; use --non-finite propagate to keep such rows as scipy computes them)" : ")"));
  }
}
