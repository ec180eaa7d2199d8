package io.rowconv.spark;

import java.util.Iterator;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Synthetic inputs for demos and benchmarks: {@code id bigint, signal array<double>, taps array<double>},
 * every row with its own taps. Row {@code i} depends only on {@code (seed, i)}, so a dataset is the same
 * whatever the partitioning.
 *
 * <p>Row 0 is the classic worked example (x = [0,0,1,0,0,2,0,0,0], h = [0,1,2,0]) when {@code classicFirst}
 * is set; {@code badRows} further rows are made invalid on purpose (null taps, a NaN, an empty signal, in
 * turn) to show the rejects.
 */
public final class SyntheticSignals {

  public static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("signal", DataTypes.createArrayType(DataTypes.DoubleType, true), true)
      .add("taps", DataTypes.createArrayType(DataTypes.DoubleType, true), true);

  private SyntheticSignals() {}

  public static Dataset<Row> generate(
      SparkSession spark, long rows, int n, int k, long seed, int partitions, boolean classicFirst, int badRows) {
    if (rows < 0 || n < 1 || k < 1 || partitions < 1 || badRows < 0) {
      throw UserError.usage("generate needs rows >= 0, n >= 1, k >= 1, partitions >= 1 and bad-rows >= 0; got rows="
          + rows + " n=" + n + " k=" + k + " partitions=" + partitions + " bad-rows=" + badRows);
    }
    return spark.range(0, rows, 1, partitions)
        .mapPartitions(new RowMaker(n, k, seed, classicFirst, badRows), Encoders.row(SCHEMA));
  }

  /** Builds row {@code id} from {@code (seed, id)} alone. */
  private static final class RowMaker implements MapPartitionsFunction<Long, Row> {
    private static final long serialVersionUID = 1L;
    private final int n;
    private final int k;
    private final long seed;
    private final boolean classicFirst;
    private final int badRows;

    RowMaker(int n, int k, long seed, boolean classicFirst, int badRows) {
      this.n = n;
      this.k = k;
      this.seed = seed;
      this.classicFirst = classicFirst;
      this.badRows = badRows;
    }

    @Override
    public Iterator<Row> call(Iterator<Long> ids) {
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return ids.hasNext();
        }

        @Override
        public Row next() {
          return make(ids.next());
        }
      };
    }

    private Row make(long id) {
      if (classicFirst && id == 0) {
        return RowFactory.create(id, new double[] {0, 0, 1, 0, 0, 2, 0, 0, 0}, new double[] {0, 1, 2, 0});
      }
      SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + id);
      double[] signal = new double[n];
      double frequency = 0.01 + 0.2 * random.nextDouble();
      for (int t = 0; t < n; t++) {
        signal[t] = Math.sin(2 * Math.PI * frequency * t) + 0.3 * (random.nextDouble() - 0.5);
      }
      double[] taps = new double[k];
      double sum = 0;
      for (int j = 0; j < k; j++) {
        taps[j] = random.nextDouble();
        sum += taps[j];
      }
      for (int j = 0; j < k; j++) {
        taps[j] /= sum; // a smoothing filter with gain 1
      }
      long firstBad = classicFirst ? 1 : 0;
      if (id >= firstBad && id < firstBad + badRows) {
        switch ((int) ((id - firstBad) % 3)) {
          case 0:
            return RowFactory.create(id, signal, null);
          case 1:
            signal[n / 2] = Double.NaN;
            break;
          default:
            return RowFactory.create(id, new double[0], taps);
        }
      }
      return RowFactory.create(id, signal, taps);
    }
  }
}
