#!/usr/bin/env python3
"""The speech-augmentation data of issue 18, deterministic from a seed (numpy + pyarrow).

    python3 bench/keyed_data.py OUT_DIR [--rows 2000] [--filters 200] [--seed 18] [--files 8]

Writes three Parquet datasets (snappy, no dictionary for the arrays), each a folder of part-*.parquet files:
  OUT_DIR/taps    rir_id int32 (0..filters-1), taps list<double>: one room-impulse-response-like filter per key,
                  k uniform in [k-min, k-max] (white noise under an exponential decay that loses 60 dB over
                  the filter, a direct-path spike first, scaled to unit energy); one file.
  OUT_DIR/keyed   id int64, rir_id int32 (uniform over the filters), signal list<double> with n uniform in
                  [n-min, n-max] (1-3 s of 16 kHz audio: noise shaped by a slow random envelope, in [-1, 1]).
  OUT_DIR/inline  the same rows, in the same files and order, with their filter copied in as a `taps` column
                  (today's path: every row brings its own taps).
Row i's values depend only on (seed, i); filter j's only on (seed, j). Prints the sizes.
"""
import argparse
import os
import shutil

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq


def rir(rng, k):
    """Decaying noise: 60 dB down at the last tap (RT60 = the filter's length), the direct path first."""
    t = np.arange(k, dtype=np.float64)
    h = rng.standard_normal(k) * np.exp(-6.907755 * t / k)
    h[0] = 3.0 * np.abs(h).max()
    return h / np.sqrt(np.dot(h, h))


def speech_like(rng, n):
    """Noise under a slowly varying envelope (syllable-rate bursts), peak 1."""
    x = rng.standard_normal(n)
    env = np.abs(np.interp(np.arange(n), np.linspace(0, n, n // 2000 + 2), rng.standard_normal(n // 2000 + 2)))
    x *= env
    return x / np.abs(x).max()


def list_array(arrays):
    lengths = np.fromiter((len(a) for a in arrays), dtype=np.int64, count=len(arrays))
    offsets = np.zeros(len(arrays) + 1, dtype=np.int32)
    np.cumsum(lengths, out=offsets[1:])
    return pa.ListArray.from_arrays(pa.array(offsets), pa.array(np.concatenate(arrays)))


def write(table, folder, index):
    pq.write_table(table, os.path.join(folder, "part-%05d.parquet" % index), compression="snappy",
                   use_dictionary=False)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out")
    p.add_argument("--rows", type=int, default=2000)
    p.add_argument("--filters", type=int, default=200)
    p.add_argument("--seed", type=int, default=18)
    p.add_argument("--files", type=int, default=8)
    p.add_argument("--n-min", type=int, default=16000)
    p.add_argument("--n-max", type=int, default=48000)
    p.add_argument("--k-min", type=int, default=4000)
    p.add_argument("--k-max", type=int, default=16000)
    a = p.parse_args()

    folders = {name: os.path.join(a.out, name) for name in ("taps", "keyed", "inline")}
    for folder in folders.values():
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)

    # filter j from its own stream (seed, 1, j); row i from (seed, 2, i): a change of --rows keeps every row
    filters = []
    for j in range(a.filters):
        rng = np.random.default_rng([a.seed, 1, j])
        filters.append(rir(rng, int(rng.integers(a.k_min, a.k_max, endpoint=True))))
    taps = pa.table({"rir_id": pa.array(np.arange(a.filters, dtype=np.int32)), "taps": list_array(filters)})
    write(taps, folders["taps"], 0)

    bounds = np.linspace(0, a.rows, a.files + 1).astype(np.int64)
    for f in range(a.files):
        ids, keys, signals = [], [], []
        for i in range(bounds[f], bounds[f + 1]):
            rng = np.random.default_rng([a.seed, 2, i])
            key = int(rng.integers(0, a.filters))
            n = int(rng.integers(a.n_min, a.n_max, endpoint=True))
            ids.append(i)
            keys.append(key)
            signals.append(speech_like(rng, n))
        columns = {"id": pa.array(ids, pa.int64()), "rir_id": pa.array(keys, pa.int32()),
                   "signal": list_array(signals)}
        write(pa.table(columns), folders["keyed"], f)
        columns["taps"] = list_array([filters[key] for key in keys])
        write(pa.table(columns), folders["inline"], f)

    for name, folder in folders.items():
        size = sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder))
        print("%s: %s (%.1f MB)" % (name, folder, size / 1e6))


if __name__ == "__main__":
    main()
