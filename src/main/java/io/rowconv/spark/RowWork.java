package io.rowconv.spark;

import io.rowconv.kernel.Method;
import java.util.concurrent.Future;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;

/**
 * The per-row work of every rowconv pass and SQL function, one instance per task: checks, the operands' copy,
 * the kernel call, the result's check. {@link RowStep} does it for 1-D rows (one filter, a bank of filters, or
 * shared taps), {@link ImageStep} for 2-D rows (an image and its kernel). Not thread-safe; buffers reused.
 */
public interface RowWork {

  /** The work {@code setup} describes; {@code kernelLibraries} is awaited before the first kernel (null: none). */
  static RowWork of(RowStep.Setup setup, Future<Void> kernelLibraries) {
    return setup.dims() == 2 ? new ImageStep(setup, kernelLibraries) : new RowStep(setup, kernelLibraries);
  }

  /**
   * Checks the row and copies its operands: null when it can be computed ({@link #compute}), else why not.
   * {@code tapsLookup}: why the row's taps could not be looked up in a taps table (null when they were, or need
   * no lookup); it is reported after the signal's own checks.
   */
  RowReject prepare(ArrayData signal, ArrayData taps, RowReject tapsLookup);

  /** {@link #prepare(ArrayData, ArrayData, RowReject)} when the taps need no lookup. */
  default RowReject prepare(ArrayData signal, ArrayData taps) {
    return prepare(signal, taps, null);
  }

  /** Whether the prepared row's result has to be computed to know whether it is rejected. */
  boolean resultDecidesReject();

  /**
   * Computes the prepared row ({@link #result()}): null, or the reject when its result holds NaN or +-Inf from
   * finite operands under the reject policy. {@code fresh}: the result in a new array of its own (SQL, where
   * Spark may keep it), else in a reused buffer (valid until the next row).
   */
  RowReject compute(boolean fresh);

  /** The last {@link #compute}'s result as Spark array data. */
  UnsafeArrayData result();

  /** The method the last computed row took. */
  Method lastMethod();

  /** Lets go of very long buffers after a row. */
  void releaseLargeBuffers();
}
