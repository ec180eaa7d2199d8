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

/**
 * Filter banks against scipy itself (scripts/gen_scipy_vectors.py --bank; committed, so no Python needed): each
 * filter's result as scipy computes it for that filter alone, under every method.
 */
class ScipyBankVectorsTest {

  static Stream<Arguments> scipyBanks() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(
        Objects.requireNonNull(ScipyBankVectorsTest.class.getResourceAsStream("/scipy-bank-vectors.tsv")),
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
        String[] filterText = f[3].split(";");
        String[] resultText = f[4].split(";");
        double[][] filters = new double[filterText.length][];
        double[][] results = new double[resultText.length][];
        for (int i = 0; i < filters.length; i++) {
          filters[i] = parse(filterText[i]);
          results[i] = parse(resultText[i]);
        }
        for (Method method : Method.values()) {
          String name = String.format("line %d: %s %s %s n=%d F=%d", number, method.cliName(), f[0], f[1], x.length,
              filters.length);
          cases.add(Arguments.of(name, method, Operation.parse(f[0]), Mode.parse(f[1]), x, filters, results));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scipyBanks")
  void applyBank_scipyBank_matchesScipyPerFilter(String name, Method method, Operation op, Mode mode, double[] x,
      double[][] filters, double[][] expected) {
    FilterBankConvolver convolver = Convolution.newBankConvolver();
    FilterBankTest.Bank bank = new FilterBankTest.Bank(x, filters);
    double[][] actual = bank.run(convolver, op, mode, method);
    for (int f = 0; f < filters.length; f++) {
      String what = name + " filter " + f + " (" + convolver.lastMethod(f) + ")";
      if (convolver.lastMethod(f) == Method.FFT) {
        double scale = FftConvolution.ERROR_BOUND * Reference.sumOf(Reference.abs(filters[f]))
            * Reference.maxOf(Reference.abs(x));
        double[] bound = new double[expected[f].length];
        java.util.Arrays.fill(bound, scale);
        Reference.assertWithinContract(what, expected[f], actual[f], bound, 1.0);
      } else {
        Reference.assertWithinContract(what, expected[f], actual[f], Reference.magnitude(op, x, filters[f], mode),
            Reference.EPS);
      }
    }
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
