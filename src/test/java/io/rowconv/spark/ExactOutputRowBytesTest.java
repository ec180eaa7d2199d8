package io.rowconv.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/**
 * {@link ExactOutputRow} must write the very bytes Spark's own row writer writes for the same values (sizes,
 * headers, null bits, padding), whatever the lengths, in a buffer that held a longer row before.
 */
class ExactOutputRowBytesTest {

  private static final int[] LENGTHS = {200, 1, 63, 64, 65, 128, 129, 3, 7};
  private static final SplittableRandom RANDOM = new SplittableRandom(5);

  @Test
  void doubleRows_sameBytesAsSparksRowWriter_forEveryLengthInAReusedBuffer() {
    StructType input = new StructType().add("id", DataTypes.LongType, false)
        .add("name", DataTypes.StringType, false) // declared NOT NULL, yet null on some rows
        .add("flag", DataTypes.BooleanType)
        .add("x", DataTypes.createArrayType(DataTypes.DoubleType))
        .add("h", DataTypes.createArrayType(DataTypes.DoubleType));
    StructType output = input.add("y", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
    ExactOutputRow builder = new ExactOutputRow(input, new int[] {0, 1, 2, 3, 4}, output, 3, 4, false);
    UnsafeProjection reference = UnsafeProjection.create(output);
    for (int n : LENGTHS) {
      for (int k : new int[] {1, 64, 65}) {
        double[] x = randomDoubles(n + 5); // buffers longer than the row, as reused buffers are
        double[] h = randomDoubles(k + 3);
        double[] y = randomDoubles(n + k - 1);
        UTF8String name = n % 2 == 0 ? null : UTF8String.fromString("row " + n + "/" + k);
        GenericInternalRow in = new GenericInternalRow(new Object[] {(long) n, name, n % 3 == 0,
            UnsafeArrayData.fromPrimitiveArray(Arrays.copyOf(x, n)), UnsafeArrayData.fromPrimitiveArray(
            Arrays.copyOf(h, k))});
        UnsafeArrayData result = UnsafeArrayData.fromPrimitiveArray(y);
        UnsafeRow actual = builder.build(in, x, n, h, k, result);
        UnsafeRow expected = reference.apply(new GenericInternalRow(new Object[] {(long) n, name, n % 3 == 0,
            in.getArray(3), in.getArray(4), result}));
        assertThat(actual.getSizeInBytes()).as("n=%d k=%d", n, k).isEqualTo(expected.getSizeInBytes());
        assertThat(actual).as("n=%d k=%d", n, k).isEqualTo(expected); // byte for byte
        assertThat(actual.isNullAt(1)).isEqualTo(name == null);
      }
    }
  }

  @Test
  void floatRows_oddLengthsPaddedLikeSpark() {
    StructType input = new StructType().add("x", DataTypes.createArrayType(DataTypes.FloatType))
        .add("h", DataTypes.createArrayType(DataTypes.FloatType));
    StructType output = input.add("y", DataTypes.createArrayType(DataTypes.FloatType, false), false);
    ExactOutputRow builder = new ExactOutputRow(input, new int[] {0, 1}, output, 0, 1, true);
    UnsafeProjection reference = UnsafeProjection.create(output);
    for (int n : LENGTHS) {
      for (int k : new int[] {1, 2, 65}) {
        float[] x = randomFloats(n + 3);
        float[] h = randomFloats(k + 1);
        float[] y = randomFloats(n);
        GenericInternalRow in = new GenericInternalRow(new Object[] {
            UnsafeArrayData.fromPrimitiveArray(Arrays.copyOf(x, n)), UnsafeArrayData.fromPrimitiveArray(
            Arrays.copyOf(h, k))});
        UnsafeArrayData result = UnsafeArrayData.fromPrimitiveArray(y);
        UnsafeRow actual = builder.build(in, x, n, h, k, result);
        UnsafeRow expected = reference.apply(new GenericInternalRow(new Object[] {in.getArray(0), in.getArray(1),
            result}));
        assertThat(actual).as("n=%d k=%d", n, k).isEqualTo(expected);
      }
    }
  }

  @Test
  void seventyFields_twoWordsOfNullBits_andTheOperandsDropped() {
    StructType input = new StructType();
    for (int i = 0; i < 68; i++) {
      input = input.add("c" + i, DataTypes.IntegerType);
    }
    input = input.add("x", DataTypes.createArrayType(DataTypes.DoubleType))
        .add("h", DataTypes.createArrayType(DataTypes.DoubleType));
    int[] kept = new int[68];
    StructType output = new StructType();
    for (int i = 0; i < 68; i++) {
      kept[i] = i;
      output = output.add(input.fields()[i]);
    }
    output = output.add("y", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
    ExactOutputRow builder = new ExactOutputRow(input, kept, output, 68, 69, false);
    UnsafeProjection reference = UnsafeProjection.create(output);
    double[] x = randomDoubles(130);
    double[] h = randomDoubles(9);
    Object[] values = new Object[70];
    Object[] expectedValues = new Object[69];
    for (int i = 0; i < 68; i++) {
      values[i] = i % 5 == 0 ? null : i * 3;
      expectedValues[i] = values[i];
    }
    values[68] = UnsafeArrayData.fromPrimitiveArray(x);
    values[69] = UnsafeArrayData.fromPrimitiveArray(h);
    UnsafeArrayData result = UnsafeArrayData.fromPrimitiveArray(randomDoubles(138));
    expectedValues[68] = result;
    UnsafeRow expected = reference.apply(new GenericInternalRow(expectedValues));
    assertThat(builder.build(new GenericInternalRow(values), x, 130, h, 9, result)).isEqualTo(expected);

    StructType onlyResult = new StructType().add("y", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
    ExactOutputRow nothingKept = new ExactOutputRow(input, new int[0], onlyResult, 68, 69, false);
    assertThat(nothingKept.build(new GenericInternalRow(values), x, 130, h, 9, result))
        .isEqualTo(UnsafeProjection.create(onlyResult).apply(new GenericInternalRow(new Object[] {result})));
  }

  private static double[] randomDoubles(int length) {
    double[] values = new double[length];
    for (int i = 0; i < length; i++) {
      values[i] = RANDOM.nextDouble() * 2 - 1;
    }
    return values;
  }

  private static float[] randomFloats(int length) {
    float[] values = new float[length];
    for (int i = 0; i < length; i++) {
      values[i] = (float) (RANDOM.nextDouble() * 2 - 1);
    }
    return values;
  }
}
