package io.rowconv.spark;

import io.rowconv.kernel.BlasProvider;
import io.rowconv.kernel.Method;
import io.rowconv.kernel.Mode;
import io.rowconv.kernel.Operation;
import io.rowconv.kernel.RowConvolver;
import io.rowconv.kernel.SinglePrecisionConvolver;
import java.util.Iterator;
import java.util.concurrent.Future;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The output pass, run per partition on Spark's internal rows: checks each row ({@link RowChecks}), skips
 * the ones the rejects pass writes, convolves the others with one {@link RowConvolver} (a
 * {@link SinglePrecisionConvolver} for {@link ConvolutionSpec.Precision#SINGLE}) and emits the input
 * columns unchanged (all, or all but signal and taps) plus the result.
 *
 * <p>No per-element boxing and no per-row allocation on the way in or out: the operands are copied from
 * Spark's array memory into reused {@code double[]} buffers ({@link OperandBuffers}), the kernel writes the
 * result straight into a reused buffer in Spark's array format, and the output row is one reused
 * {@code UnsafeRow} of exactly the row's size ({@link ExactOutputRow}: the kept columns through Spark's
 * projection, the operands and the result appended from these buffers), which Spark's plan hands on without
 * another copy ({@link ExactRowsScan}).
 */
final class ConvolvePartitionFunction implements PassRdd.Pass {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ConvolvePartitionFunction.class);
  /**
   * Loads BLAS and FFT once per JVM in the background ({@link NativeLoads}) and logs one line per executor
   * JVM, so every executor's log says which implementations it got.
   */
  private static final String KERNEL_LIBRARIES = "BLAS and FFT";

  private final Operation operation;
  private final Mode mode;
  private final Method method;
  private final boolean single;
  private final RowChecks checks;
  private final StructType inputSchema;
  /** The kept columns, then the result. */
  private final StructType outputSchema;
  /** The input columns the output keeps, in order. */
  private final int[] keptOrdinals;
  private final int signalOrdinal;
  private final int tapsOrdinal;
  /** Rows read, and rows computed per method (in {@link ConvolutionResult#methodNames()} order). */
  private final PassCounts counts;

  ConvolvePartitionFunction(ConvolutionSpec spec, RowChecks checks, StructType inputSchema, StructType outputSchema,
      int[] keptOrdinals,
      int signalOrdinal, int tapsOrdinal, PassCounts counts) {
    this.operation = spec.operation();
    this.mode = spec.mode();
    this.method = spec.method();
    this.single = spec.precision() == ConvolutionSpec.Precision.SINGLE;
    this.checks = checks;
    this.inputSchema = inputSchema;
    this.outputSchema = outputSchema;
    this.keptOrdinals = keptOrdinals;
    this.signalOrdinal = signalOrdinal;
    this.tapsOrdinal = tapsOrdinal;
    this.counts = counts;
  }

  @Override
  public Iterator<InternalRow> apply(Iterator<InternalRow> rows) {
    Future<Void> kernelLibraries = NativeLoads.startOnce(KERNEL_LIBRARIES, () -> LOG.info("rowconv BLAS: {}; FFT: {}",
        BlasProvider.description(), io.rowconv.kernel.Convolution.fftLibrary()));
    OperandBuffers buffers = new OperandBuffers();
    ExactOutputRow output = new ExactOutputRow(inputSchema, keptOrdinals, outputSchema, signalOrdinal, tapsOrdinal,
        single);
    long[] byMethod = new long[Method.values().length - 1]; // AUTO is never a row's method
    return new PassIterator(rows) {
      // made at the first row to convolve: a convolver needs BLAS and FFT, which load meanwhile
      private RowConvolver convolver;
      private SinglePrecisionConvolver floatConvolver;

      @Override
      InternalRow map(InternalRow row) {
        return checks.check(row) == null ? convolve(row) : null;
      }

      private InternalRow convolve(InternalRow row) {
        if (convolver == null && floatConvolver == null) {
          NativeLoads.await(kernelLibraries); // a failed load fails the task here, with its cause
          if (single) {
            floatConvolver = new SinglePrecisionConvolver();
          } else {
            convolver = new RowConvolver();
          }
        }
        InternalRow out;
        if (single) {
          int n = buffers.readSignalFloats(row.getArray(signalOrdinal));
          int k = buffers.readTapsFloats(row.getArray(tapsOrdinal));
          float[] y = buffers.resultFloats(mode.outputLength(n, k));
          floatConvolver.apply(operation, mode, method, buffers.signalFloats(), 0, n, buffers.tapsFloats(), 0, k,
              y, buffers.resultOffset());
          byMethod[ConvolutionResult.methodIndex(floatConvolver.lastMethod())]++;
          out = output.build(row, buffers.signalFloats(), n, buffers.tapsFloats(), k, buffers.resultArray());
        } else {
          int n = buffers.readSignal(row.getArray(signalOrdinal));
          int k = buffers.readTaps(row.getArray(tapsOrdinal));
          double[] y = buffers.result(mode.outputLength(n, k));
          convolver.apply(operation, mode, method, buffers.signal(), 0, n, buffers.taps(), 0, k, y,
              buffers.resultOffset());
          byMethod[ConvolutionResult.methodIndex(convolver.lastMethod())]++;
          out = output.build(row, buffers.signal(), n, buffers.taps(), k, buffers.resultArray());
        }
        buffers.releaseLargeOperands();
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
}
