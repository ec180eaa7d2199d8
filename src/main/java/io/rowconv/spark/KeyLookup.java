package io.rowconv.spark;

import java.io.Serializable;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;

/**
 * Whether a row's taps were found in the taps table it was joined with (by key, left outer): a row with a null
 * key is rejected {@code null_key} (a null never equals a key), one whose key the table lacks
 * {@code taps_not_found}, naming the key's value. Runs in both passes, before the taps are read.
 */
final class KeyLookup implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String[] names;
  private final int[] ordinals;
  private final DataType[] types;
  /** The column the table side of the join sets on every row it matched. */
  private final int foundOrdinal;

  KeyLookup(String[] names, int[] ordinals, DataType[] types, int foundOrdinal) {
    this.names = names.clone();
    this.ordinals = ordinals.clone();
    this.types = types.clone();
    this.foundOrdinal = foundOrdinal;
  }

  /** Why {@code row}'s taps are missing, or null when the table had them. */
  RowReject check(InternalRow row) {
    for (int i = 0; i < names.length; i++) {
      if (row.isNullAt(ordinals[i])) {
        return new RowReject(RejectReason.NULL_KEY, names[i] + ": the key is null, so no filter of the taps "
            + "table applies (--taps-key)");
      }
    }
    if (row.isNullAt(foundOrdinal)) {
      StringBuilder key = new StringBuilder();
      for (int i = 0; i < names.length; i++) {
        key.append(i == 0 ? "" : ", ").append(names[i]).append('=').append(row.get(ordinals[i], types[i]));
      }
      return new RowReject(RejectReason.TAPS_NOT_FOUND, "taps: the taps table has no filter for the key " + key);
    }
    return null;
  }
}
