package io.rowconv.kernel;

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

/** Against vectors computed by scipy itself (scripts/gen_scipy_vectors.py; committed, so no Python needed). */
class ScipyVectorsTest {

  static Stream<Arguments> scipyCases() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(
        Objects.requireNonNull(ScipyVectorsTest.class.getResourceAsStream("/scipy-vectors.tsv")),
        StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        double[] x = parse(f[2]);
        double[] h = parse(f[3]);
        String name = String.format("line %d: %s %s n=%d k=%d", number, f[0], f[1], x.length, h.length);
        cases.add(Arguments.of(name, Operation.parse(f[0]), Mode.parse(f[1]), x, h, parse(f[4])));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scipyCases")
  void apply_scipyCase_matchesScipy(
      String name, Operation op, Mode mode, double[] x, double[] h, double[] expected) {
    double[] actual = Convolution.apply(op, x, h, mode);
    Reference.assertWithinContract(name, expected, actual, Reference.magnitude(op, x, h, mode), Reference.EPS);
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
