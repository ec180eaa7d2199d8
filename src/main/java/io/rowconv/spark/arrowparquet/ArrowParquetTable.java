package io.rowconv.spark.arrowparquet;

import java.util.EnumSet;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.catalog.SupportsWrite;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.write.BatchWrite;
import org.apache.spark.sql.connector.write.LogicalWriteInfo;
import org.apache.spark.sql.connector.write.SupportsTruncate;
import org.apache.spark.sql.connector.write.Write;
import org.apache.spark.sql.connector.write.WriteBuilder;
import org.apache.spark.sql.types.StructType;

/** The path an {@code arrow-parquet} write goes to: append, or truncate (overwrite) then append. */
final class ArrowParquetTable implements SupportsWrite {

  private final StructType schema;

  ArrowParquetTable(StructType schema) {
    this.schema = schema;
  }

  @Override
  public String name() {
    return ArrowParquetSource.SHORT_NAME;
  }

  @Override
  public StructType schema() {
    return schema;
  }

  @Override
  public Set<TableCapability> capabilities() {
    return EnumSet.of(TableCapability.BATCH_WRITE, TableCapability.TRUNCATE);
  }

  @Override
  public WriteBuilder newWriteBuilder(LogicalWriteInfo info) {
    return new Builder(info);
  }

  private static final class Builder implements WriteBuilder, SupportsTruncate {
    private final LogicalWriteInfo info;
    private boolean truncate;

    Builder(LogicalWriteInfo info) {
      this.info = info;
    }

    @Override
    public WriteBuilder truncate() {
      truncate = true;
      return this;
    }

    @Override
    public Write build() {
      return new Write() {
        @Override
        public BatchWrite toBatch() {
          return new ArrowParquetBatchWrite(SparkSession.active(), info.schema(), info.options(), truncate);
        }
      };
    }
  }
}
