package io.rowconv.spark;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/** Column references that survive any column name (dots, spaces, backticks). */
final class StageColumns {

  private StageColumns() {}

  static Column column(String name) {
    return functions.col(quoted(name));
  }

  /** {@code name} quoted for Spark's column resolution. */
  static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
