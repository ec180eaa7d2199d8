#!/usr/bin/env python3
"""The single-process alternative to rowconv's keyed job: pyarrow read + join by key + scipy + pyarrow write.

    python3 bench/keyed_pyarrow.py IN_DIR TAPS_DIR OUT_DIR auto|fftconvolve|oaconvolve [KEY]

Reads every Parquet file of IN_DIR (columns id, KEY, signal) and of TAPS_DIR (KEY, taps), joins them by KEY
(a hash lookup of each row's key in the table's keys, pyarrow.compute.index_in; a duplicated key in the table
is an error, as in rowconv; a row whose key is null or missing would be a reject there and stops the script
here), computes convolve(signal, taps, 'same') per row with scipy (auto: scipy.signal.convolve, which picks
the FFT at these sizes; or fftconvolve / oaconvolve, which need no choice), writes every input column but
the signal plus `result` (what rowconv writes with --keep-operands false) to OUT_DIR/part-0.parquet (snappy,
no dictionary). Rows have their own n and k, so no batched call over rows applies (bench/e2e_pyarrow.py's
fftconvolve/oaconvolve modes need one n and one k). Each row's signal and filter are read in place from the
tables' value buffers (no per-row copy), the results go into one preallocated buffer. Arrow's thread pools
are limited to one thread. Prints one line: wall_s=... rows=... (from the first read to the closed file,
interpreter start-up excluded).
"""
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
import numpy as np  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.compute as pc  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from scipy import signal  # noqa: E402


def flat(column):
    """A list<double> column as (values, offsets) numpy views (offsets rebased to the values)."""
    arr = column.combine_chunks()
    if arr.null_count:
        raise SystemExit("null arrays in %s: rowconv would reject those rows" % column)
    offsets = arr.offsets.to_numpy()
    values = arr.values.to_numpy(zero_copy_only=False)
    return values, offsets


def main():
    src, taps_dir, dst, how = sys.argv[1:5]
    key = sys.argv[5] if len(sys.argv) > 5 else "rir_id"
    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)
    start = time.perf_counter()
    rows = pq.read_table(src, use_threads=False)
    table = pq.read_table(taps_dir, use_threads=False)

    keys = table.column(key)
    if pc.count_distinct(keys).as_py() != len(keys) - keys.null_count:
        raise SystemExit("the taps table holds a key twice")
    found = pc.index_in(rows.column(key), value_set=keys)
    if found.null_count:
        raise SystemExit("rows whose key is null or not in the taps table: rowconv would reject them")
    index = found.to_numpy()

    x, x_off = flat(rows.column("signal"))
    h, h_off = flat(table.column("taps"))
    out = np.empty(x_off[-1] - x_off[0], dtype=np.float64)
    base = x_off[0]
    fn = {"auto": signal.convolve, "fftconvolve": signal.fftconvolve, "oaconvolve": signal.oaconvolve}[how]
    for i in range(rows.num_rows):
        a, b = x_off[i], x_off[i + 1]
        j = index[i]
        # scipy's 'same' has the length of its first argument, the signal, for every n and k
        out[a - base:b - base] = fn(x[a:b], h[h_off[j]:h_off[j + 1]], mode="same")

    result = pa.ListArray.from_arrays(pa.array((x_off - base).astype(np.int32)), pa.array(out))
    kept = rows.drop_columns(["signal"]).append_column("result", result)
    os.makedirs(dst, exist_ok=True)
    pq.write_table(kept, os.path.join(dst, "part-0.parquet"), compression="snappy", use_dictionary=False)
    print(f"wall_s={time.perf_counter() - start:.3f} rows={rows.num_rows}")


if __name__ == "__main__":
    main()
