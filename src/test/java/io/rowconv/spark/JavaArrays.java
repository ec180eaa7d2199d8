package io.rowconv.spark;

import java.util.List;

/** Spark's array values (as {@code Row.getList} returns them) as primitive arrays, for assertions. */
public final class JavaArrays {

  private JavaArrays() {}

  public static double[] doubles(List<?> values) {
    double[] a = new double[values.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = ((Number) values.get(i)).doubleValue();
    }
    return a;
  }

  /** An array nested in another (Row.getList gives Scala sequences for the inner ones). */
  public static double[] doubles(Object values) {
    if (values instanceof List<?> list) {
      return doubles(list);
    }
    return doubles(scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Seq<?>) values));
  }

  public static float[] floats(List<?> values) {
    float[] a = new float[values.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = ((Number) values.get(i)).floatValue();
    }
    return a;
  }
}
