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
 * Synthetic 2-D inputs for demos and benchmarks: {@code id bigint, image array<array<double>>, kernel
 * array<array<double>>}, every image with its own kernel. An image is a scene of a few bright discs and bars on
 * a soft gradient with some noise; its kernel a blur of its own: a Gaussian of random width, a motion blur along
 * a random direction, or a box, each summing to 1. Row {@code i} depends only on {@code (seed, i)}.
 * {@code badRows} rows after row 0 are bad on purpose (a ragged image, a NaN, a null kernel, in turn).
 */
public final class SyntheticImages {

  public static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("image", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType, false), true), true)
      .add("kernel", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType, false), true), true);

  private SyntheticImages() {}

  /** {@code rows} images of {@code size x size} pixels with kernels of {@code k x k}. */
  public static Dataset<Row> generate(SparkSession spark, long rows, int size, int k, long seed, int partitions,
      int badRows) {
    if (rows < 0 || size < 1 || k < 1 || partitions < 1 || badRows < 0) {
      throw UserError.usage("generate needs rows >= 0, n >= 1, k >= 1, partitions >= 1 and bad-rows >= 0; got rows="
          + rows + " n=" + size + " k=" + k + " partitions=" + partitions + " bad-rows=" + badRows);
    }
    return spark.range(0, rows, 1, partitions).mapPartitions(new ImageMaker(size, k, seed, badRows),
        Encoders.row(SCHEMA));
  }

  /** Builds row {@code id} from {@code (seed, id)} alone. */
  private static final class ImageMaker implements MapPartitionsFunction<Long, Row> {
    private static final long serialVersionUID = 1L;
    private final int size;
    private final int k;
    private final long seed;
    private final int badRows;

    ImageMaker(int size, int k, long seed, int badRows) {
      this.size = size;
      this.k = k;
      this.seed = seed;
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
      SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + id);
      double[][] image = scene(random);
      double[][] kernel = kernel(random, (int) (id % 3));
      if (id >= 1 && id < 1 + badRows) {
        switch ((int) ((id - 1) % 3)) {
          case 0 -> image[size / 2] = new double[Math.max(1, size - 1)];
          case 1 -> image[0][0] = Double.NaN;
          default -> kernel = null;
        }
      }
      return RowFactory.create(id, image, kernel);
    }

    private double[][] scene(SplittableRandom random) {
      double[][] image = new double[size][size];
      double gx = random.nextDouble() * 0.3;
      double gy = random.nextDouble() * 0.3;
      for (int r = 0; r < size; r++) {
        for (int c = 0; c < size; c++) {
          image[r][c] = gx * c / size + gy * r / size + 0.05 * random.nextDouble();
        }
      }
      for (int shape = 0; shape < 6; shape++) {
        double cr = random.nextDouble() * size;
        double cc = random.nextDouble() * size;
        double extent = size * (0.04 + 0.12 * random.nextDouble());
        double value = 0.4 + 0.6 * random.nextDouble();
        boolean disc = random.nextBoolean();
        for (int r = 0; r < size; r++) {
          for (int c = 0; c < size; c++) {
            boolean inside = disc ? Math.hypot(r - cr, c - cc) <= extent
                : Math.abs(r - cr) <= extent / 3 && Math.abs(c - cc) <= extent * 1.5;
            if (inside) {
              image[r][c] = value;
            }
          }
        }
      }
      return image;
    }

    /** A Gaussian (kind 0), a motion blur (1) or a box (2), normalized to sum 1. */
    private double[][] kernel(SplittableRandom random, int kind) {
      double[][] h = new double[k][k];
      double centre = (k - 1) / 2.0;
      double sigma = 0.5 + random.nextDouble() * Math.max(0.5, k / 3.0);
      double angle = random.nextDouble() * Math.PI;
      double sum = 0;
      for (int r = 0; r < k; r++) {
        for (int c = 0; c < k; c++) {
          double dr = r - centre;
          double dc = c - centre;
          h[r][c] = switch (kind) {
            case 0 -> Math.exp(-(dr * dr + dc * dc) / (2 * sigma * sigma));
            case 1 -> Math.abs(dr * Math.cos(angle) - dc * Math.sin(angle)) <= 0.5 ? 1 : 0;
            default -> 1;
          };
          sum += h[r][c];
        }
      }
      for (double[] row : h) {
        for (int c = 0; c < k; c++) {
          row[c] /= sum;
        }
      }
      return h;
    }
  }
}
