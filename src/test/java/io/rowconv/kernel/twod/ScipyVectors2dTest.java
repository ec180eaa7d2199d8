package io.rowconv.kernel.twod;

import io.rowconv.kernel.Method;
import io.rowconv.kernel.Mode;
import io.rowconv.kernel.Operation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Against values computed by scipy itself (scripts/gen_scipy_vectors_2d.py; committed, so no Python needed),
 * with every method: exact methods per output, FFT within its image-wide bound, non-finite values exactly.
 */
class ScipyVectors2dTest {

  static Stream<Arguments> scipyCases() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(
        Objects.requireNonNull(ScipyVectors2dTest.class.getResourceAsStream("/scipy-vectors-2d.tsv")),
        StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        double fill = parse(f[3])[0];
        double[][] x = matrix(f[6], Integer.parseInt(f[4]), Integer.parseInt(f[5]));
        double[][] h = matrix(f[9], Integer.parseInt(f[7]), Integer.parseInt(f[8]));
        double[][] y = matrix(f[12], Integer.parseInt(f[10]), Integer.parseInt(f[11]));
        for (Method method : Method.values()) {
          String name = String.format("line %d: %s %s %s fill=%s image %sx%s kernel %sx%s %s", number, f[0], f[1], f[2],
              f[3], f[4], f[5], f[7], f[8], method);
          cases.add(Arguments.of(name, Operation.parse(f[0]), Mode.parse(f[1]), Boundary.parse(f[2]), fill, x, h, y,
              method));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scipyCases")
  void apply_scipyCase_matchesScipy(String name, Operation op, Mode mode, Boundary boundary, double fill,
      double[][] x, double[][] h, double[][] expected, Method method) {
    double[][] actual = Convolution2d.apply(op, x, h, mode, boundary, fill, method);
    double[][] bound = Reference2d.exactBound(op, x, h, mode, boundary, fill);
    double fft = Reference2d.fftScale(x, h, mode, boundary, fill);
    // non-finite inputs are computed directly whatever the method (NaN scale): the exact contract then
    if ((method == Method.FFT || method == Method.AUTO) && Double.isFinite(fft)) {
      for (double[] row : bound) {
        for (int j = 0; j < row.length; j++) {
          row[j] = Math.max(row[j], fft);
        }
      }
    }
    Reference2d.assertWithin(name, expected, actual, bound);
  }

  private static double[][] matrix(String csv, int rows, int cols) {
    double[] flat = parse(csv);
    if (flat.length != rows * cols) {
      throw new IllegalStateException("a row of scipy-vectors-2d.tsv has " + flat.length + " values for " + rows + "x"
          + cols);
    }
    return new Convolution2d.Result(flat, rows, cols).toArray();
  }

  private static double[] parse(String csv) {
    String[] parts = csv.split(",");
    double[] values = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      values[i] = Double.parseDouble(parts[i].replace("nan", "NaN").replace("inf", "Infinity"));
    }
    return values;
  }
}
