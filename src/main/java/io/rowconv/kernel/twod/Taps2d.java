package io.rowconv.kernel.twod;

/**
 * The kernel's taps as flat tables for {@link VectorDirect2d}: one loop over taps instead of a loop over kernel
 * rows around a loop over columns. (C2 in JDK 17 does not keep vectors in registers when they are carried
 * through nested loops: it boxes them, and the direct loop ran 30-100x slower, at 4-40 ns per multiply-add.)
 *
 * <p>Tap {@code u} of a table multiplies {@code src[offsets[u] + t]} into output {@code t}. Weights are set once
 * per image ({@link #setKernel}); offsets once per band ({@link #setRows}), from where each kernel row's E row
 * starts for the band's first output. Three tables: every tap (for the narrow steps), the pairs {@code (k, k + V)} of a kernel row that
 * share their loads (tap {@code k + V} reads one vector before tap {@code k}), and the taps left unpaired.
 * Reused across images; not thread-safe.
 */
final class Taps2d {

  int count;
  double[] weights = new double[0];
  int[] offsets = new int[0];
  int pairs;
  double[] pairFirst = new double[0];
  double[] pairSecond = new double[0];
  int[] pairOffsets = new int[0];
  int singles;
  double[] singleWeights = new double[0];
  int[] singleOffsets = new int[0];
  /** Per tap of each table: its kernel row, and {@code kCols - 1 - k} (its read position within the row). */
  private int[] rowOf = new int[0];
  private int[] shiftOf = new int[0];
  private int[] pairRowOf = new int[0];
  private int[] pairShiftOf = new int[0];
  private int[] singleRowOf = new int[0];
  private int[] singleShiftOf = new int[0];

  /** Sets the weights of kernel {@code g} ({@code kRows x kCols} row-major from {@code gOffset}). */
  void setKernel(double[] g, int gOffset, int kRows, int kCols, int vectorLength) {
    int size = kRows * kCols;
    if (weights.length < size) {
      weights = new double[size];
      offsets = new int[size];
      rowOf = new int[size];
      shiftOf = new int[size];
      pairFirst = new double[size];
      pairSecond = new double[size];
      pairOffsets = new int[size];
      pairRowOf = new int[size];
      pairShiftOf = new int[size];
      singleWeights = new double[size];
      singleOffsets = new int[size];
      singleRowOf = new int[size];
      singleShiftOf = new int[size];
    }
    count = 0;
    pairs = 0;
    singles = 0;
    int v = vectorLength;
    for (int j = 0; j < kRows; j++) {
      int row = gOffset + j * kCols;
      for (int k = 0; k < kCols; k++) {
        weights[count] = g[row + k];
        rowOf[count] = j;
        shiftOf[count] = kCols - 1 - k;
        count++;
      }
      // within each run of 2V taps, tap k pairs with tap k + V; the last run's first taps may have no partner
      for (int run = 0; run < kCols; run += 2 * v) {
        int length = Math.min(2 * v, kCols - run);
        int paired = Math.max(0, length - v);
        for (int k = run; k < run + paired; k++) {
          pairFirst[pairs] = g[row + k];
          pairSecond[pairs] = g[row + k + v];
          pairRowOf[pairs] = j;
          pairShiftOf[pairs] = kCols - 1 - k;
          pairs++;
        }
        for (int k = run + paired; k < run + Math.min(v, length); k++) {
          singleWeights[singles] = g[row + k];
          singleRowOf[singles] = j;
          singleShiftOf[singles] = kCols - 1 - k;
          singles++;
        }
      }
    }
  }

  /** Sets the read offsets for a run whose first output's kernel row {@code j} reads from {@code rowOffsets[j]}. */
  void setRows(int[] rowOffsets) {
    for (int u = 0; u < count; u++) {
      offsets[u] = rowOffsets[rowOf[u]] + shiftOf[u];
    }
    for (int u = 0; u < pairs; u++) {
      pairOffsets[u] = rowOffsets[pairRowOf[u]] + pairShiftOf[u];
    }
    for (int u = 0; u < singles; u++) {
      singleOffsets[u] = rowOffsets[singleRowOf[u]] + singleShiftOf[u];
    }
  }
}
