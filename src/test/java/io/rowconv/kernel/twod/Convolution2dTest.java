package io.rowconv.kernel.twod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rowconv.kernel.Method;
import io.rowconv.kernel.Mode;
import io.rowconv.kernel.Operation;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The door: worked examples, shapes, and every refusal with its message. */
class Convolution2dTest {

  private static final double[][] IMAGE = {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}};

  @Test
  void convolve_workedExample_matchesScipy() {
    // values printed by scipy 1.17: convolve2d([[1,2,3],[4,5,6],[7,8,9]], [[0,1],[2,3]]) in full and in
    // mode='same', boundary='symm'; correlate2d in same, and in full with fillvalue=1 (first row)
    double[][] h = {{0, 1}, {2, 3}};
    assertThat(Convolution2d.convolve(IMAGE, h, Mode.FULL, Boundary.FILL)).isDeepEqualTo(new double[][] {
        {0, 1, 2, 3}, {2, 11, 17, 15}, {8, 29, 35, 27}, {14, 37, 42, 27}});
    assertThat(Convolution2d.convolve(IMAGE, h, Mode.SAME, Boundary.SYMM)).isDeepEqualTo(new double[][] {
        {6, 8, 14}, {9, 11, 17}, {27, 29, 35}});
    // correlate2d(..., 'same') centres even kernels one sample later than convolve2d with the flipped kernel
    assertThat(Convolution2d.correlate(IMAGE, h, Mode.SAME, Boundary.FILL)).isDeepEqualTo(new double[][] {
        {25, 31, 12}, {43, 49, 18}, {8, 9, 0}});
    assertThat(Convolution2d.correlate(IMAGE, h, Mode.FULL, Boundary.FILL, 1.0)[0]).containsExactly(6, 9, 14, 10);
  }

  @Test
  void valid_kernelLargerInEveryDimension_swapsAsScipyDoes() {
    double[][] small = {{1, 2}};
    // scipy: convolve2d(x, big, 'valid') == convolve2d(big, x, 'valid'); correlate2d reverses that swap's result
    double[][] big = {{1, 0, -1}, {2, 3, 4}};
    assertThat(Convolution2d.convolve(small, big, Mode.VALID, Boundary.FILL)).isDeepEqualTo(new double[][] {
        {2, -1}, {7, 10}});
    assertThat(Convolution2d.correlate(small, big, Mode.VALID, Boundary.FILL)).isDeepEqualTo(new double[][] {
        {11, 8}, {-2, 1}});
  }

  @Test
  void flat_result_hasShapeAndValues() {
    Convolution2d.Result r = Convolution2d.convolve(new double[] {1, 2, 3, 4, 5, 6}, 2, 3, new double[] {1, 1}, 2, 1,
        Mode.FULL, Boundary.FILL, 0.0);
    assertThat(r.rows()).isEqualTo(3);
    assertThat(r.cols()).isEqualTo(3);
    assertThat(r.values()).containsExactly(1, 2, 3, 5, 7, 9, 4, 5, 6);
    assertThat(r.get(1, 2)).isEqualTo(9);
    assertThat(ImageConvolver.outputRows(Mode.VALID, 2, 7)).isEqualTo(6);
    assertThat(ImageConvolver.outputCols(Mode.SAME, 5, 9)).isEqualTo(5);
  }

  static Stream<Arguments> refusals() {
    double[][] ok = {{1, 2}, {3, 4}};
    return Stream.of(
        Arguments.of("ragged image", (Runnable) () -> Convolution2d.convolve(new double[][] {{1, 2}, {3}}, ok,
            Mode.FULL, Boundary.FILL), "image is ragged: row 1 has 1 values, row 0 has 2"),
        Arguments.of("ragged kernel", (Runnable) () -> Convolution2d.convolve(ok, new double[][] {{1}, {2}, {3, 4}},
            Mode.FULL, Boundary.FILL), "kernel is ragged: row 2 has 2 values, row 0 has 1"),
        Arguments.of("null row", (Runnable) () -> Convolution2d.correlate(new double[][] {{1}, null}, ok,
            Mode.SAME, Boundary.WRAP), "image row 1 is null"),
        Arguments.of("null image", (Runnable) () -> Convolution2d.convolve(null, ok, Mode.FULL, Boundary.FILL),
            "image must not be null"),
        Arguments.of("null kernel", (Runnable) () -> Convolution2d.convolve(ok, null, Mode.FULL, Boundary.FILL),
            "kernel must not be null"),
        Arguments.of("no rows", (Runnable) () -> Convolution2d.convolve(new double[0][], ok, Mode.FULL,
            Boundary.FILL), "image must not be empty (it has no rows)"),
        Arguments.of("empty rows", (Runnable) () -> Convolution2d.convolve(ok, new double[2][0], Mode.FULL,
            Boundary.FILL), "kernel must not be empty (its rows have no values)"),
        Arguments.of("null mode", (Runnable) () -> Convolution2d.convolve(ok, ok, null, Boundary.FILL),
            "operation, mode, boundary and method must not be null, got CONVOLVE, null, FILL, AUTO"),
        Arguments.of("null boundary", (Runnable) () -> Convolution2d.correlate(ok, ok, Mode.SAME, null),
            "operation, mode, boundary and method must not be null, got CORRELATE, SAME, null, AUTO"),
        Arguments.of("null method", (Runnable) () -> Convolution2d.convolve(ok, ok, Mode.SAME, Boundary.FILL, 0, null),
            "operation, mode, boundary and method must not be null, got CONVOLVE, SAME, FILL, null"),
        Arguments.of("valid, neither inside the other", (Runnable) () -> Convolution2d.convolve(
            new double[3][5], new double[4][2], Mode.VALID, Boundary.FILL),
            "mode valid needs one operand at least as large as the other in every dimension (scipy raises "
                + "ValueError too): image is 3x5, kernel is 4x2; use mode same or full"),
        Arguments.of("flat length", (Runnable) () -> Convolution2d.convolve(new double[5], 2, 3, new double[1], 1, 1,
            Mode.FULL, Boundary.FILL, 0), "image has 5 values but its shape 2x3 needs 6"),
        Arguments.of("flat empty shape", (Runnable) () -> Convolution2d.correlate(new double[0], 0, 3, new double[1],
            1, 1, Mode.FULL, Boundary.FILL, 0), "image and kernel must not be empty, got image 0x3 and kernel 1x1"),
        Arguments.of("flat null kernel", (Runnable) () -> Convolution2d.convolve(new double[1], 1, 1, null, 1, 1,
            Mode.FULL, Boundary.FILL, 0), "kernel must not be null"),
        Arguments.of("convolver out range", (Runnable) () -> new ImageConvolver().apply(Operation.CONVOLVE,
            Mode.FULL, Boundary.FILL, 0, Method.AUTO, new double[4], 0, 2, 2, new double[4], 0, 2, 2,
            new double[9], 1), "out range [1, 1 + 9) is outside an array of length 9"),
        Arguments.of("convolver image range", (Runnable) () -> new ImageConvolver().apply(Operation.CONVOLVE,
            Mode.FULL, Boundary.FILL, 0, Method.AUTO, new double[4], 1, 2, 2, new double[4], 0, 2, 2,
            new double[9], 0), "image range [1, 1 + 4) is outside an array of length 4"),
        Arguments.of("convolver negative shape", (Runnable) () -> new ImageConvolver().apply(Operation.CONVOLVE,
            Mode.SAME, Boundary.FILL, 0, Method.AUTO, new double[4], 0, 2, 2, new double[4], 0, -2, -2,
            new double[9], 0), "image and kernel must not be empty, got image 2x2 and kernel -2x-2"),
        Arguments.of("output shape of null mode", (Runnable) () -> ImageConvolver.outputRows(null, 3, 3),
            "mode must not be null"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void door_badArguments_refusedWithMessage(String name, Runnable call, String message) {
    assertThatThrownBy(call::run).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void causalMode_hasNo2dMeaning_andIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Convolution2d.convolve(IMAGE, new double[][] {{1}},
            Mode.CAUSAL, Boundary.FILL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mode 'causal' is not supported by 2-D convolution: expected full, same or valid");
  }

  @Test
  void boundary_parse_acceptsScipysWordsAndRefusesOthers() {
    assertThat(Boundary.parse(" Fill ")).isEqualTo(Boundary.FILL);
    assertThat(Boundary.parse("pad")).isEqualTo(Boundary.FILL);
    assertThat(Boundary.parse("circular")).isEqualTo(Boundary.WRAP);
    assertThat(Boundary.parse("WRAP")).isEqualTo(Boundary.WRAP);
    assertThat(Boundary.parse("symmetric")).isEqualTo(Boundary.SYMM);
    assertThat(Boundary.SYMM.cliName()).isEqualTo("symm");
    assertThatThrownBy(() -> Boundary.parse("reflect")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown boundary 'reflect': expected one of fill, wrap, symm (scipy's aliases pad, circular, "
            + "symmetric are accepted too)");
    assertThatThrownBy(() -> Boundary.parse(null)).hasMessageStartingWith("Unknown boundary 'null'");
  }

  /** scipy's index formulas far from the image: kernels many times larger than a 2-sample axis. */
  @Test
  void boundary_source_matchesScipysFormulasFarOut() {
    int[] symm = new int[12];
    int[] wrap = new int[12];
    for (int i = -6; i < 6; i++) {
      symm[i + 6] = Boundary.SYMM.source(i, 2);
      wrap[i + 6] = Boundary.WRAP.source(i, 2);
    }
    assertThat(symm).containsExactly(1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1);
    assertThat(wrap).containsExactly(0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1);
    assertThat(Boundary.FILL.source(-1, 2)).isEqualTo(-1);
  }
}
