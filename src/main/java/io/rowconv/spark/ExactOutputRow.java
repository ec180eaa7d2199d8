package io.rowconv.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.Platform;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Builds the output pass's row as an {@link UnsafeRow} of exactly its size, in one buffer reused across rows
 * (grown only when a row needs more): the columns kept from the input through Spark's projection,
 * and the large arrays (the signal and taps read in place, the result) appended as Spark's array bytes from
 * the pass's own buffers.
 *
 * <p>Spark's own row writer grows its buffer by doubling while it writes a row: for one row of 10 million
 * samples with every column it held 480 MB to build a 160 MB row. This holds the row's size. The projection
 * writes every kept column except the large arrays (those slots are null there); the arrays go after its
 * variable-length data, their slots then point at them (offsets are relative to the row's start, so the
 * projection's bytes stay valid as they are copied).
 */
final class ExactOutputRow {

  private final int fields;
  private final int bitSetBytes;
  /** The kept columns, with the large arrays' slots null. */
  private final UnsafeProjection smallColumns;
  /** Output positions of the signal and taps when the output keeps them as read (-1: not kept in place). */
  private final int signalPosition;
  private final int tapsPosition;
  private final int resultPosition;
  private final int elementBytes;
  private final UnsafeRow row;
  private byte[] buffer = new byte[64];
  /** Above this (64 MiB), a buffer four times larger than the row is let go. */
  private static final int LARGE_BUFFER = 1 << 26;

  /**
   * @param inputSchema the input's columns (the pass's rows have them first, then any cast operand slots: an
   *     operand read from a cast slot matches no kept ordinal, so the projection copies its original column)
   * @param keptOrdinals input ordinals of the kept columns, in output order
   * @param outputSchema the kept columns, then the result
   * @param signalOrdinal, tapsOrdinal where the pass reads the operands
   * @param single float operands and result (4-byte elements), else double
   */
  ExactOutputRow(StructType inputSchema, int[] keptOrdinals, StructType outputSchema, int signalOrdinal,
      int tapsOrdinal, boolean single) {
    this.fields = outputSchema.size();
    this.bitSetBytes = UnsafeRow.calculateBitSetWidthInBytes(fields);
    this.resultPosition = fields - 1;
    this.elementBytes = single ? 4 : 8;
    int signalAt = -1;
    int tapsAt = -1;
    List<Expression> columns = new ArrayList<>();
    for (int p = 0; p < keptOrdinals.length; p++) {
      int ordinal = keptOrdinals[p];
      StructField field = inputSchema.fields()[ordinal];
      if (ordinal == signalOrdinal) {
        signalAt = p;
      } else if (ordinal == tapsOrdinal) {
        tapsAt = p;
      }
      columns.add(p == signalAt || p == tapsAt
          ? Literal.create(null, field.dataType())
          : new BoundReference(ordinal, field.dataType(), true)); // a null is written as null whatever the
                                                                  // schema claims, as Spark's scan did
    }
    columns.add(Literal.create(null, outputSchema.fields()[resultPosition].dataType()));
    this.signalPosition = signalAt;
    this.tapsPosition = tapsAt;
    this.smallColumns = UnsafeProjection.create(CollectionConverters.asScala(columns).toSeq());
    this.row = new UnsafeRow(fields);
  }

  /**
   * The output row for {@code input}: {@code signal} and {@code taps} hold the operands' values (the first
   * {@code n} / {@code k}: {@code double[]} or {@code float[]}), {@code result} the result in Spark's array
   * format. Valid until the next call.
   */
  UnsafeRow build(InternalRow input, Object signal, int n, Object taps, int k, UnsafeArrayData result) {
    UnsafeRow small = smallColumns.apply(input);
    int smallBytes = small.getSizeInBytes();
    long total = smallBytes + (long) result.getSizeInBytes();
    if (signalPosition >= 0) {
      total += arrayBytes(n);
    }
    if (tapsPosition >= 0) {
      total += arrayBytes(k);
    }
    if (total > Integer.MAX_VALUE - 64) {
      throw new IllegalStateException("an output row of " + total + " bytes does not fit one Spark row");
    }
    if (buffer.length < total) {
      // some room for the next rows, which are often a little longer; none for a very long row
      long room = total < (1 << 20) ? total + total / 4 : total;
      buffer = new byte[(int) Math.min(room, Integer.MAX_VALUE - 64)];
    } else if (buffer.length > LARGE_BUFFER && total < buffer.length / 4) {
      buffer = new byte[(int) total]; // let a very long row's buffer go once rows are short again
    }
    Platform.copyMemory(small.getBaseObject(), small.getBaseOffset(), buffer, Platform.BYTE_ARRAY_OFFSET,
        smallBytes);
    row.pointTo(buffer, (int) total);
    long cursor = smallBytes;
    if (signalPosition >= 0) {
      cursor = appendValues(signalPosition, cursor, signal, n);
    }
    if (tapsPosition >= 0) {
      cursor = appendValues(tapsPosition, cursor, taps, k);
    }
    int resultBytes = result.getSizeInBytes();
    Platform.copyMemory(result.getBaseObject(), result.getBaseOffset(), buffer, Platform.BYTE_ARRAY_OFFSET + cursor,
        resultBytes);
    point(resultPosition, cursor, resultBytes);
    return row;
  }

  /** Spark's array bytes for {@code length} elements without nulls: header, null bits, values padded to words. */
  private long arrayBytes(int length) {
    return UnsafeArrayData.calculateHeaderPortionInBytes(length) + ((elementBytes * (long) length + 7) & ~7L);
  }

  private long appendValues(int position, long cursor, Object values, int length) {
    long at = Platform.BYTE_ARRAY_OFFSET + cursor;
    int header = UnsafeArrayData.calculateHeaderPortionInBytes(length);
    long size = arrayBytes(length);
    Platform.putLong(buffer, at, length);
    Platform.setMemory(buffer, at + 8, header - 8, (byte) 0); // no null elements (RowStep)
    long valueBytes = elementBytes * (long) length;
    Platform.copyMemory(values, elementBytes == 8 ? Platform.DOUBLE_ARRAY_OFFSET : Platform.FLOAT_ARRAY_OFFSET,
        buffer, at + header, valueBytes);
    Platform.setMemory(buffer, at + header + valueBytes, size - header - valueBytes, (byte) 0); // padding
    point(position, cursor, size);
    return cursor + size;
  }

  /** Sets field {@code position} to the variable-length data at {@code offset} (from the row's start). */
  private void point(int position, long offset, long size) {
    row.setNotNullAt(position);
    Platform.putLong(buffer, Platform.BYTE_ARRAY_OFFSET + bitSetBytes + 8L * position, (offset << 32) | size);
  }
}
