package io.rowconv.spark;

import io.rowconv.kernel.FilterBankConvolver;
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
 * <p>The taps are one filter per row (an array of numbers), a bank of filters per row (an array of arrays: one
 * result per filter, computed together by {@link FilterBankConvolver}), or one filter shared by every row
 * ({@link Setup#sharedTaps()}, checked once before any work).
 *
 * <p>The checks run in order and the first failing one wins: the signal's {@code null_array},
 * {@code empty_array} (scipy raises on empty input), {@code too_long}, {@code null_element}, {@code non_finite}
 * (float and double arrays, unless the policy is {@code propagate}); then the taps' lookup in a taps table
 * ({@code null_key}, {@code taps_not_found}, decided by the caller); then the same checks for the taps (for a
 * bank, for each filter, naming it); then, for a row computed from finite operands large enough to overflow
 * ({@link Magnitudes#resultMayOverflow}: values near the type's limit), {@code non_finite_result} when its result
 * holds NaN or +-Inf. A {@code valid}-mode output is never empty ({@code |n - k| + 1 >= 1}).
 *
 * <p>The operands are read as {@code array<double>} (the stage casts other element types first, which keeps
 * nulls, lengths and non-finite values), or as {@code array<float>} in single precision.
 */
public final class RowStep implements RowWork {

  /** One operand: its name in messages, whether its type allows null elements, whether it is float or double. */
  public record Operand(String name, boolean mayHoldNulls, boolean floatingPoint) implements Serializable {}

  /**
   * What a row is computed as and checked for; small, immutable, shipped with each task. {@code sharedTaps}:
   * the one filter of every row (checked: non-empty, finite), else null; {@code bank}: the taps are an array
   * of filters. {@code jobOptions}: messages name the job's option that changes the outcome.
   */
  public record Setup(Operation operation, Mode mode, Method method, boolean single, boolean rejectNonFinite,
      int maxLength, Operand signal, Operand taps, double[] sharedTaps, boolean bank, int dims,
      io.rowconv.kernel.twod.Boundary boundary, double fillValue, boolean jobOptions) implements Serializable {

    Setup(ConvolutionSpec spec, Operand signal, Operand taps, boolean bank) {
      this(spec.operation(), spec.mode(), spec.method(), spec.precision() == ConvolutionSpec.Precision.SINGLE,
          spec.nonFinite() == ConvolutionSpec.NonFinitePolicy.REJECT, spec.maxLength(), signal, taps,
          spec.sharedTaps(), bank, spec.dims(), spec.boundary(), spec.fillValue(), true);
    }

    /** SQL's setup for 1-D rows: one filter (or bank) per row, given as an argument. */
    public static Setup of(Operation operation, Mode mode, Method method, boolean single, boolean rejectNonFinite,
        int maxLength, Operand signal, Operand taps, boolean bank, boolean jobOptions) {
      return new Setup(operation, mode, method, single, rejectNonFinite, maxLength, signal, taps, null, bank, 1,
          io.rowconv.kernel.twod.Boundary.FILL, 0, jobOptions);
    }

    /** SQL's setup for 2-D rows: an image and its kernel. */
    public static Setup image(Operation operation, Mode mode, io.rowconv.kernel.twod.Boundary boundary,
        double fillValue, Method method, boolean rejectNonFinite, int maxLength, Operand image, Operand kernel,
        boolean jobOptions) {
      return new Setup(operation, mode, method, false, rejectNonFinite, maxLength, image, kernel, null, false, 2,
          boundary, fillValue, jobOptions);
    }
  }

  private final Setup setup;
  /** Loads the kernel's native libraries; awaited before the first convolver is made (null: none to wait for). */
  private final Future<Void> kernelLibraries;
  private final OperandBuffers buffers = new OperandBuffers();
  private final BankOperands bank;
  private RowConvolver convolver;
  private SinglePrecisionConvolver floatConvolver;
  private FilterBankConvolver bankConvolver;
  private int n;
  private int k;
  private double maxSignal;
  private double maxTaps;
  /** Whether the prepared row's result must be checked for NaN/Inf (finite operands near the type's limit). */
  private boolean checkResult;
  private Method lastMethod;
  private UnsafeArrayData result;

  public RowStep(Setup setup, Future<Void> kernelLibraries) {
    this.setup = setup;
    this.kernelLibraries = kernelLibraries;
    this.bank = setup.bank() ? new BankOperands() : null;
    if (setup.sharedTaps() != null) {
      k = setup.single() ? buffers.holdTapsFloats(setup.sharedTaps()) : buffers.holdTaps(setup.sharedTaps());
      maxTaps = Magnitudes.maxAbs(setup.sharedTaps(), 0, k);
    }
  }

  /**
   * Checks the row and copies its operands into the step's buffers: null when it can be computed
   * ({@link #compute}), else why not. {@code taps} is ignored with shared taps; {@code tapsLookup} is why the
   * row's taps could not be looked up (null when they were, or need no lookup). The arrays are not used after
   * this returns.
   */
  @Override
  public RowReject prepare(ArrayData signal, ArrayData taps, RowReject tapsLookup) {
    RowReject reject = OperandChecks.structure(setup, setup.signal(), signal);
    if (reject != null) {
      return reject;
    }
    n = setup.single() ? buffers.readSignalFloats(signal) : buffers.readSignal(signal);
    // the largest magnitudes serve the reject policy only (non-finite operands, results that may overflow)
    maxSignal = setup.rejectNonFinite() && setup.signal().floatingPoint() ? maxAbs(true) : 0;
    reject = checkFinite(setup.signal(), maxSignal, true);
    if (reject != null || tapsLookup != null) {
      return reject != null ? reject : tapsLookup;
    }
    boolean floatingPoint = setup.signal().floatingPoint() || setup.taps().floatingPoint();
    if (bank != null) {
      reject = bank.read(setup, taps);
      checkResult = reject == null && setup.rejectNonFinite() && floatingPoint && bank.mayOverflow(n, maxSignal);
      return reject;
    }
    if (setup.sharedTaps() == null) {
      reject = OperandChecks.structure(setup, setup.taps(), taps);
      if (reject != null) {
        return reject;
      }
      k = setup.single() ? buffers.readTapsFloats(taps) : buffers.readTaps(taps);
      maxTaps = setup.rejectNonFinite() && setup.taps().floatingPoint() ? maxAbs(false) : 0;
      reject = checkFinite(setup.taps(), maxTaps, false);
      if (reject != null) {
        return reject;
      }
    }
    // integer and decimal operands (at most about 1e38 as doubles) cannot overflow a double result; float and
    // double ones can only near the type's limit, and then only a rejecting policy looks at the result
    checkResult = setup.rejectNonFinite() && floatingPoint
        && Magnitudes.resultMayOverflow(n, k, maxSignal, maxTaps, setup.single());
    return null;
  }

  /** Whether the prepared row's result has to be computed to know whether it is rejected. */
  @Override
  public boolean resultDecidesReject() {
    return checkResult;
  }

  /**
   * Computes the prepared row ({@link #result()}): null, or the reject when its result holds NaN or +-Inf from
   * finite operands under the reject policy. {@code fresh}: the result in a new array of its own (SQL, where
   * Spark may keep it), else in the step's reused buffer (valid until the next row).
   */
  @Override
  public RowReject compute(boolean fresh) {
    if (bank != null) {
      return computeBank(fresh);
    }
    int length = setup.mode().outputLength(n, k);
    int at;
    if (setup.single()) {
      if (floatConvolver == null) {
        awaitLibraries();
        floatConvolver = new SinglePrecisionConvolver();
      }
      float[] out = buffers.resultFloats(length, fresh);
      floatConvolver.apply(setup.operation(), setup.mode(), setup.method(), buffers.signalFloats(), 0, n,
          buffers.tapsFloats(), 0, k, out, buffers.resultOffset());
      lastMethod = floatConvolver.lastMethod();
      at = checkResult ? Magnitudes.firstNonFinite(out, buffers.resultOffset(), length) : -1;
    } else {
      if (convolver == null) {
        awaitLibraries();
        convolver = new RowConvolver();
      }
      double[] out = buffers.result(length, fresh);
      convolver.apply(setup.operation(), setup.mode(), setup.method(), buffers.signal(), 0, n, buffers.taps(), 0, k,
          out, buffers.resultOffset());
      lastMethod = convolver.lastMethod();
      at = checkResult ? Magnitudes.firstNonFinite(out, buffers.resultOffset(), length) : -1;
    }
    result = buffers.resultArray(fresh);
    return at < 0 ? null : OperandChecks.resultReject(setup, "result: element " + at, valueAt(at));
  }

  private RowReject computeBank(boolean fresh) {
    if (bankConvolver == null) {
      awaitLibraries();
      bankConvolver = new FilterBankConvolver();
    }
    double[] out = bank.layoutResult(setup.mode(), n, fresh);
    bankConvolver.apply(setup.operation(), setup.mode(), setup.method(), buffers.signal(), 0, n, bank.taps(),
        bank.offsets(), bank.lengths(), bank.count(), out, bank.resultValueWords());
    lastMethod = bank.mostUsedMethod(bankConvolver);
    result = bank.resultArray();
    if (checkResult) {
      for (int f = 0; f < bank.count(); f++) {
        int length = setup.mode().outputLength(n, bank.lengths()[f]);
        int at = Magnitudes.firstNonFinite(out, bank.resultValueWords()[f], length);
        if (at >= 0) {
          return OperandChecks.resultReject(setup, "result of filter " + f + ": element " + at,
              out[bank.resultValueWords()[f] + at]);
        }
      }
    }
    return null;
  }

  /** The method the last computed row took (for a bank: the one that computed most of its filters). */
  @Override
  public Method lastMethod() {
    return lastMethod;
  }

  /** The last {@link #compute}'s result as Spark array data (over the step's buffer unless fresh). */
  @Override
  public UnsafeArrayData result() {
    return result;
  }

  /** The prepared signal's values ({@code double[]}, or {@code float[]} in single precision), first n. */
  Object signalValues() {
    return setup.single() ? buffers.signalFloats() : buffers.signal();
  }

  /** The prepared taps' values (one filter per row), first k, like {@link #signalValues()}. */
  Object tapsValues() {
    return setup.single() ? buffers.tapsFloats() : buffers.taps();
  }

  int signalLength() {
    return n;
  }

  int tapsLength() {
    return k;
  }

  /** Lets go of very long operand buffers after a row (see {@link OperandBuffers#releaseLargeOperands}). */
  @Override
  public void releaseLargeBuffers() {
    buffers.releaseLargeOperands(setup.sharedTaps() != null);
  }

  private double valueAt(int at) {
    return setup.single() ? buffers.resultFloatAt(at) : buffers.resultAt(at);
  }

  private void awaitLibraries() {
    if (kernelLibraries != null) {
      NativeLoads.await(kernelLibraries); // a failed load fails the task here, with its cause
    }
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
    return OperandChecks.nonFinite(setup, operand.name() + ": element " + at, value);
  }
}
