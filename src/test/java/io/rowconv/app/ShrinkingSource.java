package io.rowconv.app;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A test input whose content changes between reads, as a folder rewritten during a run would: the first read
 * gives {@link #ROWS} rows (one of them with a null signal, so that both passes run), every later read one row
 * fewer. Use as {@code --input-format io.rowconv.app.ShrinkingSource}; {@link #reset()} before each test.
 */
public final class ShrinkingSource implements TableProvider {

  static final int ROWS = 6;
  private static final AtomicInteger READS = new AtomicInteger();
  private static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("signal", DataTypes.createArrayType(DataTypes.DoubleType), true)
      .add("taps", DataTypes.createArrayType(DataTypes.DoubleType), true);

  static void reset() {
    READS.set(0);
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    return SCHEMA;
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
    return new ShrinkingTable();
  }

  private static final class ShrinkingTable implements Table, SupportsRead {
    @Override
    public String name() {
      return "shrinking";
    }

    @Override
    public StructType schema() {
      return SCHEMA;
    }

    @Override
    public Set<TableCapability> capabilities() {
      return Set.of(TableCapability.BATCH_READ);
    }

    @Override
    public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
      return () -> new Scan() {
        @Override
        public StructType readSchema() {
          return SCHEMA;
        }

        @Override
        public Batch toBatch() {
          return new Batch() {
            @Override
            public InputPartition[] planInputPartitions() {
              return new InputPartition[] {new OnePartition()};
            }

            @Override
            public PartitionReaderFactory createReaderFactory() {
              return new ShrinkingReaders();
            }
          };
        }
      };
    }
  }

  /** Static, so that it does not drag the (not serializable) scan along when Spark ships it. */
  private static final class OnePartition implements InputPartition {
    private static final long serialVersionUID = 1L;
  }

  private static final class ShrinkingReaders implements PartitionReaderFactory {
    private static final long serialVersionUID = 1L;

    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
      int rows = READS.getAndIncrement() == 0 ? ROWS : ROWS - 1;
      return new PartitionReader<>() {
        private int row = -1;

        @Override
        public boolean next() {
          return ++row < rows;
        }

        @Override
        public InternalRow get() {
          UnsafeArrayData signal = row == 0 ? null : UnsafeArrayData.fromPrimitiveArray(new double[] {row, 1, 2});
          return new GenericInternalRow(new Object[] {
              (long) row, signal, UnsafeArrayData.fromPrimitiveArray(new double[] {0.5, 0.5})});
        }

        @Override
        public void close() {}
      };
    }
  }
}
