package io.rowconv.app;

import java.util.Map;
import java.util.Set;
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
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A test input that takes its time, as a large input does: {@link #PARTITIONS} partitions of
 * {@link #ROWS_PER_PARTITION} rows, {@link #MILLIS_PER_ROW} ms each, so that a run's write lasts some seconds
 * (to overlap two runs, or to kill one mid-write). Row {@code id} depends on the id alone; row 5 has a null
 * signal (a reject). Use as {@code --input-format io.rowconv.app.SlowSource} with any existing folder as input.
 */
public final class SlowSource implements TableProvider {

  static final int PARTITIONS = 2;
  static final int ROWS_PER_PARTITION = 300;
  static final long MILLIS_PER_ROW = 20;
  static final long ROWS = (long) PARTITIONS * ROWS_PER_PARTITION;
  private static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("signal", DataTypes.createArrayType(DataTypes.DoubleType), true)
      .add("taps", DataTypes.createArrayType(DataTypes.DoubleType), true);

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    return SCHEMA;
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
    return new SlowTable();
  }

  private static final class SlowTable implements Table, SupportsRead {
    @Override
    public String name() {
      return "slow";
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
    public org.apache.spark.sql.connector.read.ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) {
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
              InputPartition[] partitions = new InputPartition[PARTITIONS];
              for (int p = 0; p < PARTITIONS; p++) {
                partitions[p] = new Part(p);
              }
              return partitions;
            }

            @Override
            public PartitionReaderFactory createReaderFactory() {
              return new Readers();
            }
          };
        }
      };
    }
  }

  private record Part(int index) implements InputPartition {}

  private static final class Readers implements PartitionReaderFactory {
    private static final long serialVersionUID = 1L;

    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
      long first = (long) ((Part) partition).index() * ROWS_PER_PARTITION;
      return new PartitionReader<>() {
        private long id = first - 1;

        @Override
        public boolean next() {
          if (++id >= first + ROWS_PER_PARTITION) {
            return false;
          }
          try {
            Thread.sleep(MILLIS_PER_ROW);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading row " + id, e);
          }
          return true;
        }

        @Override
        public InternalRow get() {
          double[] signal = new double[64];
          for (int i = 0; i < signal.length; i++) {
            signal[i] = Math.sin(0.1 * i + id);
          }
          return new GenericInternalRow(new Object[] {id, id == 5 ? null : UnsafeArrayData.fromPrimitiveArray(signal),
              UnsafeArrayData.fromPrimitiveArray(new double[] {0.5, 0.25, 0.125, 0.0625})});
        }

        @Override
        public void close() {}
      };
    }
  }
}
