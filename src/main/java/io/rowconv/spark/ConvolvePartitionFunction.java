package io.rowconv.spark;

import io.rowconv.kernel.BlasProvider;
import io.rowconv.kernel.Method;
import java.util.Iterator;
import java.util.concurrent.Future;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The output pass, run per partition on Spark's internal rows: each row through the per-row step
 * ({@link RowStep}: checks, operand copy, kernel, result check); the rows it rejects are left to the rejects
 * pass; the others go out with the input columns unchanged (all, or all but signal and taps) plus the result.
 *
 * <p>No per-element boxing and no per-row allocation on the way in or out: the operands are copied from
 * Spark's array memory into the step's reused buffers, the kernel writes the result straight into a reused
 * buffer in Spark's array format, and the output row is one reused {@code UnsafeRow} of exactly the row's size
 * ({@link ExactOutputRow}: the kept columns through Spark's projection, the operands and the result appended
 * from these buffers), which Spark's plan hands on without another copy where rowconv's extensions are on
 * ({@link ExactRowsScan}).
 */
final class ConvolvePartitionFunction implements PassRdd.Pass {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ConvolvePartitionFunction.class);
  /**
   * Loads BLAS and FFT once per JVM in the background ({@link NativeLoads}) and logs one line per executor
   * JVM, so every executor's log says which implementations it got.
   */
  private static final String KERNEL_LIBRARIES = "BLAS and FFT";

  private final RowStep.Setup step;
  /** The taps table's lookup (null unless the taps come from one). */
  private final KeyLookup lookup;
  private final StructType inputSchema;
  /** The kept columns, then the result. */
  private final StructType outputSchema;
  /** The input columns the output keeps, in order. */
  private final int[] keptOrdinals;
  private final int signalOrdinal;
  /** Where the taps are read (-1: shared taps). */
  private final int tapsOrdinal;
  /**
   * The input ordinals whose output columns are appended from the operands read (-1: none; nested operands,
   * banks and 2-D images, are copied by the projection).
   */
  private final int appendedSignalOrdinal;
  private final int appendedTapsOrdinal;
  /** Rows read, and rows computed per method (in {@link ConvolutionResult#methodNames()} order). */
  private final PassCounts counts;

  ConvolvePartitionFunction(RowStep.Setup step, KeyLookup lookup, StructType inputSchema, StructType outputSchema,
      int[] keptOrdinals, int signalOrdinal, int tapsOrdinal, int appendedSignalOrdinal, int appendedTapsOrdinal,
      PassCounts counts) {
    this.step = step;
    this.lookup = lookup;
    this.inputSchema = inputSchema;
    this.outputSchema = outputSchema;
    this.keptOrdinals = keptOrdinals;
    this.signalOrdinal = signalOrdinal;
    this.tapsOrdinal = tapsOrdinal;
    this.appendedSignalOrdinal = appendedSignalOrdinal;
    this.appendedTapsOrdinal = appendedTapsOrdinal;
    this.counts = counts;
  }

  @Override
  public Iterator<InternalRow> apply(Iterator<InternalRow> rows) {
    Future<Void> kernelLibraries = NativeLoads.startOnce(KERNEL_LIBRARIES, () -> LOG.info("rowconv BLAS: {}; FFT: {}",
        BlasProvider.description(), io.rowconv.kernel.Convolution.fftLibrary()));
    // the step makes its convolver at the first row to convolve: it needs BLAS and FFT, which load meanwhile
    RowWork rowStep = RowWork.of(step, kernelLibraries);
    ExactOutputRow output = new ExactOutputRow(inputSchema, keptOrdinals, outputSchema, appendedSignalOrdinal,
        appendedTapsOrdinal, step.single());
    long[] byMethod = new long[Method.values().length - 1]; // AUTO is never a row's method
    return new PassIterator(rows) {
      @Override
      InternalRow map(InternalRow row) {
        if (rowStep.prepare(array(row, signalOrdinal), array(row, tapsOrdinal),
                lookup == null ? null : lookup.check(row)) != null
            || rowStep.compute(false) != null) {
          rowStep.releaseLargeBuffers(); // a rejected very long row's copies go too, not only a written one's
          return null; // the rejects pass writes it
        }
        byMethod[ConvolutionResult.methodIndex(rowStep.lastMethod())]++;
        InternalRow out = rowStep instanceof RowStep signal
            ? output.build(row, signal.signalValues(), signal.signalLength(), signal.tapsValues(),
                signal.tapsLength(), rowStep.result())
            : output.build(row, null, 0, null, 0, rowStep.result());
        rowStep.releaseLargeBuffers();
        // reused for the next row, as Spark's operators expect of an UnsafeRow iterator
        return out;
      }

      @Override
      void finish(long rowsSeen) {
        // a task without a row to convolve ends with the load too: the executor's log line is written and a
        // failure (a required native BLAS that cannot load) fails the task
        NativeLoads.await(kernelLibraries);
        counts.publish(rowsSeen, byMethod);
      }
    };
  }

  /** The array at {@code ordinal}, null when the value is null or there is no such column (-1). */
  static org.apache.spark.sql.catalyst.util.ArrayData array(InternalRow row, int ordinal) {
    return ordinal < 0 || row.isNullAt(ordinal) ? null : row.getArray(ordinal);
  }
}
