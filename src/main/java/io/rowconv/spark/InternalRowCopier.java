package io.rowconv.spark;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * Carries chosen columns of an input row, whatever their types, into the first slots of an output row, as
 * Spark holds them (by reference: Spark's scan over the pass copies the output row into an {@code UnsafeRow}
 * before the next input row is read).
 */
final class InternalRowCopier {

  private final int[] ordinals;
  private final DataType[] types;

  /** Copies the columns of {@code schema} at {@code ordinals}, in that order. */
  InternalRowCopier(StructType schema, int[] ordinals) {
    this.ordinals = ordinals.clone();
    this.types = new DataType[ordinals.length];
    for (int i = 0; i < ordinals.length; i++) {
      types[i] = schema.fields()[ordinals[i]].dataType();
    }
  }

  /** Copies every column of {@code schema}. */
  InternalRowCopier(StructType schema) {
    this(schema, java.util.stream.IntStream.range(0, schema.size()).toArray());
  }

  int width() {
    return ordinals.length;
  }

  void copy(InternalRow from, GenericInternalRow to) {
    for (int i = 0; i < ordinals.length; i++) {
      int ordinal = ordinals[i];
      to.update(i, from.isNullAt(ordinal) ? null : from.get(ordinal, types[i]));
    }
  }
}
