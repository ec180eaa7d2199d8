package io.rowconv.spark;

import io.rowconv.kernel.BlasProvider;
import io.rowconv.kernel.Method;
import io.rowconv.kernel.Mode;
import io.rowconv.kernel.Operation;
import io.rowconv.kernel.RowConvolver;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The stage's {@code mapPartitions} function: streams a partition's rows through one {@link RowConvolver}
 * (work buffers allocated once per partition, reused per row).
 *
 * <p>Input rows are {@code (carried, operands)}: the columns carried through as they are, and the signal and
 * taps as {@code double[]}. Each output row is the carried values, then the rebuilt signal and/or taps
 * arrays (as {@code double[]}, for the columns {@link InputColumns#rebuiltColumns()} names), then the
 * result. Holds only enums, flags and accumulators, so it serializes to executors as it is.
 */
final class ConvolvePartitionFunction implements MapPartitionsFunction<Tuple2<Row, SignalTaps>, Row> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ConvolvePartitionFunction.class);
  /** One BLAS line per executor JVM, so every executor's log says which implementation it got. */
  private static final AtomicBoolean BLAS_LOGGED = new AtomicBoolean();

  private final Operation operation;
  private final Mode mode;
  private final Method method;
  private final boolean emitSignal;
  private final boolean emitTaps;
  /** Rows computed per method, indexed by {@link Method#ordinal()} (AUTO stays 0). */
  private final LongAccumulator[] rowsByMethod;

  ConvolvePartitionFunction(ConvolutionSpec spec, boolean emitSignal, boolean emitTaps,
      LongAccumulator[] rowsByMethod) {
    this.operation = spec.operation();
    this.mode = spec.mode();
    this.method = spec.method();
    this.emitSignal = emitSignal;
    this.emitTaps = emitTaps;
    this.rowsByMethod = rowsByMethod;
  }

  @Override
  public Iterator<Row> call(Iterator<Tuple2<Row, SignalTaps>> rows) {
    RowConvolver convolver = new RowConvolver();
    if (BLAS_LOGGED.compareAndSet(false, true)) {
      LOG.info("rowconv BLAS: {}", BlasProvider.description());
    }
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Row next() {
        Tuple2<Row, SignalTaps> row = rows.next();
        return convolve(convolver, row._1(), row._2());
      }
    };
  }

  private Row convolve(RowConvolver convolver, Row carried, SignalTaps operands) {
    double[] x = operands.getSignal();
    double[] h = operands.getTaps();
    if (x == null || h == null || x.length == 0 || h.length == 0) {
      // RejectRules filters these out before this stage; reaching here is a bug, not bad data.
      throw new IllegalStateException("null or empty operand reached the kernel: reject rules missed a row");
    }
    double[] y = new double[mode.outputLength(x.length, h.length)];
    convolver.apply(operation, mode, method, x, 0, x.length, h, 0, h.length, y, 0);
    rowsByMethod[convolver.lastMethod().ordinal()].add(1);

    int carriedCount = carried.length();
    Object[] values = new Object[carriedCount + (emitSignal ? 1 : 0) + (emitTaps ? 1 : 0) + 1];
    for (int i = 0; i < carriedCount; i++) {
      values[i] = carried.get(i);
    }
    int next = carriedCount;
    if (emitSignal) {
      values[next++] = x;
    }
    if (emitTaps) {
      values[next++] = h;
    }
    values[next] = y;
    return RowFactory.create(values);
  }
}
