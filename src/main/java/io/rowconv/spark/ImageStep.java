package io.rowconv.spark;

import io.rowconv.kernel.Magnitudes;
import io.rowconv.kernel.Method;
import io.rowconv.kernel.Mode;
import io.rowconv.kernel.twod.Boundary;
import io.rowconv.kernel.twod.ImageConvolver;
import java.util.concurrent.Future;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.Platform;

/**
 * {@link RowWork} for 2-D rows: an image {@code x} and its kernel {@code h}, each an {@code array<array<double>>}
 * in row-major order, computed as {@code scipy.signal.convolve2d} / {@code correlate2d} by the 2-D kernel
 * ({@link ImageConvolver}); the result is an {@code array<array<double>>} of the output's rows.
 *
 * <p>The checks run image first, then kernel, and the first failing one wins: {@code null_array},
 * {@code empty_array} (no row, or rows of no values), {@code null_element} (a null row, or a null value, naming
 * the row), {@code not_rectangular} (the first row whose length differs from row 0's), {@code too_long} (more
 * pixels than the limit), {@code non_finite} (naming row and column, unless the policy is {@code propagate});
 * then {@code valid_shape} (mode valid with neither operand at least as large as the other in every dimension:
 * scipy raises) and {@code non_finite_result} (a result that overflows from finite operands).
 */
final class ImageStep implements RowWork {

  private final RowStep.Setup setup;
  private final Future<Void> kernelLibraries;
  private final Mode mode;
  private final Boundary boundary;
  private ImageConvolver convolver;
  private double[] image = new double[0];
  private double[] kernel = new double[0];
  private double[] flat = new double[0];
  private double[] nested = new double[0];
  private int[] rowLengths = new int[0];
  private int[] outLengths = new int[0];
  private int[] rowWords = new int[0];
  private int rows;
  private int cols;
  private int kRows;
  private int kCols;
  /** The largest magnitudes of the image and the kernel (under the reject policy only, else 0). */
  private double maxImage;
  private double maxKernel;
  private boolean checkResult;
  private UnsafeArrayData result;
  private final UnsafeArrayData reused = new UnsafeArrayData();

  ImageStep(RowStep.Setup setup, Future<Void> kernelLibraries) {
    this.setup = setup;
    this.kernelLibraries = kernelLibraries;
    this.mode = setup.mode();
    this.boundary = setup.boundary();
  }

  @Override
  public RowReject prepare(ArrayData x, ArrayData h, RowReject tapsLookup) {
    RowReject reject = read(setup.signal(), x, true);
    if (reject != null || tapsLookup != null) {
      return reject != null ? reject : tapsLookup;
    }
    reject = read(setup.taps(), h, false);
    if (reject != null) {
      return reject;
    }
    if (mode == Mode.VALID && !(rows >= kRows && cols >= kCols) && !(kRows >= rows && kCols >= cols)) {
      return new RowReject(RejectReason.VALID_SHAPE, "the image is " + rows + "x" + cols + " and the kernel "
          + kRows + "x" + kCols + ": mode valid needs one at least as large as the other in every dimension "
          + "(scipy raises)");
    }
    checkResult = setup.rejectNonFinite() && Magnitudes.resultMayOverflow2d(Math.min((long) rows * cols,
        (long) kRows * kCols), boundary == Boundary.FILL ? Math.max(maxImage, Math.abs(setup.fillValue()))
        : maxImage, maxKernel);
    return null;
  }

  /** Checks one operand and copies it row-major into its buffer: image ({@code signal}) or kernel. */
  private RowReject read(RowStep.Operand operand, ArrayData array, boolean signal) {
    String who = operand.name();
    if (array == null) {
      return new RowReject(RejectReason.NULL_ARRAY, who + ": value is null");
    }
    int height = array.numElements();
    if (height == 0) {
      return new RowReject(RejectReason.EMPTY_ARRAY, who + ": the image has no rows (scipy's result is empty)");
    }
    if (rowLengths.length < height) {
      rowLengths = new int[height];
    }
    for (int r = 0; r < height; r++) {
      if (array.isNullAt(r)) {
        return new RowReject(RejectReason.NULL_ELEMENT, who + ": row " + r + " is null");
      }
      rowLengths[r] = array.getArray(r).numElements();
      if (rowLengths[r] != rowLengths[0]) {
        return new RowReject(RejectReason.NOT_RECTANGULAR, who + ": row " + r + " has " + rowLengths[r]
            + " values where row 0 has " + rowLengths[0]);
      }
    }
    int width = rowLengths[0];
    if (width == 0) {
      return new RowReject(RejectReason.EMPTY_ARRAY, who + ": the rows hold no values (scipy's result is empty)");
    }
    if ((long) height * width > setup.maxLength()) {
      return new RowReject(RejectReason.TOO_LONG, who + ": " + height + "x" + width + " = " + (long) height * width
          + " values exceed the limit " + setup.maxLength() + (setup.jobOptions() ? " (--max-length)" : ""));
    }
    double[] into = signal ? image : kernel;
    if (into.length < height * width) {
      into = new double[height * width];
    }
    for (int r = 0; r < height; r++) {
      ArrayData row = array.getArray(r);
      if (operand.mayHoldNulls()) {
        int firstNull = SparkArrays.firstNullElement(row);
        if (firstNull >= 0) {
          return new RowReject(RejectReason.NULL_ELEMENT, who + ": row " + r + ", element " + firstNull + " is null");
        }
      }
      if (row instanceof UnsafeArrayData unsafe) {
        Platform.copyMemory(unsafe.getBaseObject(), SparkArrays.valuesOffset(unsafe), into,
            Platform.DOUBLE_ARRAY_OFFSET + 8L * r * width, 8L * width);
      } else {
        for (int c = 0; c < width; c++) {
          into[r * width + c] = row.getDouble(c);
        }
      }
    }
    if (signal) {
      image = into;
      rows = height;
      cols = width;
    } else {
      kernel = into;
      kRows = height;
      kCols = width;
    }
    // the largest magnitude serves the reject policy only (non-finite operands, results that may overflow)
    double largest = setup.rejectNonFinite() ? Magnitudes.maxAbs(into, 0, height * width) : 0;
    if (signal) {
      maxImage = largest;
    } else {
      maxKernel = largest;
    }
    if (!Double.isFinite(largest)) {
      int at = Magnitudes.firstNonFinite(into, 0, height * width);
      return OperandChecks.nonFinite(setup, who + ": row " + at / width + ", element " + at % width, into[at]);
    }
    return null;
  }

  @Override
  public boolean resultDecidesReject() {
    return checkResult;
  }

  @Override
  public RowReject compute(boolean fresh) {
    if (convolver == null) {
      if (kernelLibraries != null) {
        NativeLoads.await(kernelLibraries);
      }
      convolver = new ImageConvolver();
    }
    int outRows = ImageConvolver.outputRows(mode, rows, kRows);
    int outCols = ImageConvolver.outputCols(mode, cols, kCols);
    if (flat.length < outRows * outCols) {
      flat = new double[outRows * outCols];
    }
    convolver.apply(setup.operation(), mode, boundary, setup.fillValue(), setup.method(), image, 0, rows, cols,
        kernel, 0, kRows, kCols, flat, 0);
    // the kernel writes rows end to end; Spark's array of arrays has a header before each row
    if (rowWords.length < outRows) {
      rowWords = new int[outRows];
      outLengths = new int[outRows];
    }
    java.util.Arrays.fill(outLengths, 0, outRows, outCols);
    int words = NestedArrays.words(outLengths, outRows);
    double[] into = fresh ? new double[words] : nested.length < words ? (nested = new double[words]) : nested;
    NestedArrays.writeHeaders(into, outLengths, outRows, rowWords);
    for (int r = 0; r < outRows; r++) {
      System.arraycopy(flat, r * outCols, into, rowWords[r], outCols);
    }
    result = fresh ? new UnsafeArrayData() : reused;
    NestedArrays.point(result, into, words);
    if (checkResult) {
      int at = Magnitudes.firstNonFinite(flat, 0, outRows * outCols);
      if (at >= 0) {
        return OperandChecks.resultReject(setup, "result: row " + at / outCols + ", element " + at % outCols,
            flat[at]);
      }
    }
    return null;
  }

  @Override
  public UnsafeArrayData result() {
    return result;
  }

  @Override
  public Method lastMethod() {
    return convolver.lastMethod();
  }

  @Override
  public void releaseLargeBuffers() {
    int large = OperandBuffers.LARGE_ELEMENTS;
    if (image.length > large) {
      image = new double[0];
    }
    if (kernel.length > large) {
      kernel = new double[0];
    }
    if (flat.length > large) {
      flat = new double[0];
    }
  }
}
