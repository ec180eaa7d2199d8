#!/usr/bin/env python3
"""scipy's side of the filter-bank benchmark: one thread, compute only, one signal x (length n) against F
filters of length k, mode 'same', F results per row.

For each (n, F, k) it times
  loop-auto          a per-filter loop of scipy.signal.convolve(x, h_f, 'same') (method auto), one row at a time;
  batch-fftconvolve  scipy.signal.fftconvolve(X[:, None, :], H[None, :, :], 'full', axes=-1) on (rows, 1, n) and
                     (1, F, k) arrays, broadcast to (rows, F, n + k - 1), then the 'same' slice (a view): each
                     row's transform is taken once for all F filters and the filters' transforms once per call.
                     ('same' itself cannot be asked for here: scipy crops every axis to in1's shape, so the
                     broadcast filter axis would be cut to 1; broadcasting X to (rows, F, n) first would
                     transform it F times);
  batch-oaconvolve   the same with scipy.signal.oaconvolve,
and prints one JSON object per line: {"n": .., "F": .., "k": .., "method": .., "rows_per_s": ..}; a row is one
signal against the whole bank (useful GFLOP/s = 2 F n k rows/s / 1e9).

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python3 bench/scipy_bank_bench.py \
        [--n 4096] [--filters 8,32,128] [--k 16,64,256,1024,4096] [--seconds 0.5]
"""
import argparse
import json
import os
import sys
import time

# one thread, before numpy loads its BLAS (scipy.fft's pocketfft runs on one worker unless asked)
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np  # noqa: E402
from scipy import signal  # noqa: E402


def best_rate(fn, rows, seconds):
    """Rows per second of fn() (which processes `rows` rows), best of 3 runs of at least `seconds`."""
    best = 0.0
    for _ in range(3):
        done = 0
        start = time.perf_counter()
        while True:
            fn()
            done += rows
            elapsed = time.perf_counter() - start
            if elapsed >= seconds:
                break
        best = max(best, done / elapsed)
    return best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", default="4096")
    parser.add_argument("--filters", default="8,32,128")
    parser.add_argument("--k", default="16,64,256,1024,4096")
    parser.add_argument("--seconds", type=float, default=0.5)
    args = parser.parse_args()
    rng = np.random.default_rng(42)
    for n in map(int, args.n.split(",")):
        for f in map(int, args.filters.split(",")):
            for k in map(int, args.k.split(",")):
                # about 16M output values per batched call (128 MB), at least one row
                batch = max(1, min(64, 16_000_000 // (f * (n + k))))
                X = rng.random((batch, n)) - 0.5
                H = rng.random((f, k)) - 0.5
                x = X[0]

                def loop():
                    for h in H:
                        signal.convolve(x, h, mode="same", method="auto")

                rate = best_rate(loop, 1, args.seconds)
                print(json.dumps({"n": n, "F": f, "k": k, "method": "loop-auto", "rows_per_s": rate}), flush=True)
                start = (k - 1) // 2
                for name, fn in (("batch-fftconvolve", signal.fftconvolve), ("batch-oaconvolve", signal.oaconvolve)):

                    def same(fn=fn):
                        return fn(X[:, None, :], H[None, :, :], mode="full", axes=-1)[..., start:start + n]

                    y = same()
                    assert y.shape == (batch, f, n), y.shape
                    assert np.allclose(y[0, f - 1], signal.convolve(x, H[f - 1], mode="same"), atol=1e-9)
                    rate = best_rate(same, batch, args.seconds)
                    print(json.dumps({"n": n, "F": f, "k": k, "method": name, "rows_per_s": rate}), flush=True)


if __name__ == "__main__":
    sys.exit(main())
