package io.rowconv.spark;

import java.io.Serializable;

/**
 * One row's operands as primitive arrays. Spark's bean encoder reads an {@code array<double>} column
 * straight into a {@code double[]} ({@code ArrayData.toDoubleArray}), so no element is ever boxed.
 * Public with a no-argument constructor and accessors because the bean encoder needs them.
 */
public final class SignalTaps implements Serializable {

  private static final long serialVersionUID = 1L;

  private double[] signal;
  private double[] taps;

  public SignalTaps() {}

  public double[] getSignal() {
    return signal;
  }

  public void setSignal(double[] signal) {
    this.signal = signal;
  }

  public double[] getTaps() {
    return taps;
  }

  public void setTaps(double[] taps) {
    this.taps = taps;
  }
}
