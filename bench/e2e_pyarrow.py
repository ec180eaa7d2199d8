#!/usr/bin/env python3
"""The single-process alternative to rowconv: pyarrow read + scipy + pyarrow write, one core.

    python3 bench/e2e_pyarrow.py IN_DIR OUT_DIR loop|fftconvolve|oaconvolve

Reads every Parquet file of IN_DIR (columns id, signal, taps), computes convolve(signal, taps, 'same') per
row (loop: scipy.signal.convolve per row, method auto) or batched on (rows, n) x (rows, k) arrays
(fftconvolve / oaconvolve with axes=-1, needs one n and one k for all rows), appends the column `result`
and writes OUT_DIR/part-0.parquet (snappy). Arrow's thread pools are limited to one thread. Prints one
line: wall_s=... rows=... (from the first read to the closed file, interpreter start-up excluded).
"""
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
import numpy as np  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from scipy import signal  # noqa: E402


def as_matrix(column):
    """A list<double> column with one length as a (rows, length) array, without copying per row."""
    arr = column.combine_chunks()
    offsets = arr.offsets.to_numpy()
    lengths = np.diff(offsets)
    if len(lengths) and (lengths != lengths[0]).any():
        raise SystemExit("batched methods need one array length per column")
    values = arr.flatten().to_numpy(zero_copy_only=False)
    return values.reshape(len(arr), lengths[0] if len(lengths) else 0)


def main():
    src, dst, how = sys.argv[1], sys.argv[2], sys.argv[3]
    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)
    start = time.perf_counter()
    table = pq.read_table(src, use_threads=False)
    x = as_matrix(table.column("signal"))
    h = as_matrix(table.column("taps"))
    n, k = x.shape[1], h.shape[1]
    if how == "loop":
        y = np.empty_like(x)
        for i in range(x.shape[0]):
            y[i] = signal.convolve(x[i], h[i], mode="same")
    else:
        fn = signal.fftconvolve if how == "fftconvolve" else signal.oaconvolve
        full = fn(x, h, mode="full", axes=-1)
        lo = (k - 1) // 2
        y = np.ascontiguousarray(full[:, lo:lo + n])
    result = pa.ListArray.from_arrays(pa.array(np.arange(0, y.size + 1, n, dtype=np.int32)), pa.array(y.ravel()))
    os.makedirs(dst, exist_ok=True)
    pq.write_table(table.append_column("result", result), os.path.join(dst, "part-0.parquet"),
                   compression="snappy", use_dictionary=False)
    print(f"wall_s={time.perf_counter() - start:.3f} rows={y.shape[0]}")


if __name__ == "__main__":
    main()
