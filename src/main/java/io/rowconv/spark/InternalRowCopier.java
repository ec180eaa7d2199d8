package io.rowconv.spark;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

/**
 * Carries every column of an input row, whatever its type, into the first slots of an output row, as Spark
 * holds them (by reference: Spark's scan over the rejects pass copies the output row into an {@code UnsafeRow}
 * before the next input row is read).
 */
final class InternalRowCopier {

  private final DataType[] types;

  /** Copies every column of {@code schema}. */
  InternalRowCopier(StructType schema) {
    this.types = new DataType[schema.size()];
    for (int i = 0; i < types.length; i++) {
      types[i] = schema.fields()[i].dataType();
    }
  }

  void copy(InternalRow from, GenericInternalRow to) {
    for (int i = 0; i < types.length; i++) {
      to.update(i, from.isNullAt(i) ? null : from.get(i, types[i]));
    }
  }
}
