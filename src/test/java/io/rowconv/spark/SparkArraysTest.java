package io.rowconv.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SparkArraysTest {

  @ParameterizedTest(name = "length {0}, null at {1}")
  @CsvSource({"1,-1", "1,0", "64,63", "65,64", "65,-1", "200,130", "200,199", "128,127"})
  void firstNullElement_wordWiseScanAgreesWithElementByElement(int length, int nullAt) {
    double[] values = new double[length];
    Object[] boxed = new Object[length];
    for (int i = 0; i < length; i++) {
      values[i] = i + 0.5;
      boxed[i] = i == nullAt ? null : values[i];
    }
    UnsafeArrayData unsafe = UnsafeArrayData.fromPrimitiveArray(values);
    if (nullAt >= 0) {
      unsafe.setNullAt(nullAt);
      unsafe.setNullAt(length - 1); // a later null must not hide the first
    }
    int expected = nullAt;
    assertThat(SparkArrays.firstNullElement(unsafe)).isEqualTo(expected);
    if (nullAt >= 0) {
      boxed[length - 1] = null;
    }
    assertThat(SparkArrays.firstNullElement(new GenericArrayData(boxed))).isEqualTo(expected);
  }
}
