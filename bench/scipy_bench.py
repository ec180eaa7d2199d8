#!/usr/bin/env python3
"""scipy's side of the kernel benchmark: one thread, compute only, convolve(x, h, 'same') per row.

For each (n, k) of the grid it times scipy's per-row loop (method auto, direct, fft) and its batched calls on
(rows, n) and (rows, k) arrays (fftconvolve / oaconvolve with axes=-1), and prints one JSON object per line:
{"n": .., "k": .., "method": "loop-auto" | "loop-direct" | "loop-fft" | "batch-fftconvolve" | "batch-oaconvolve",
 "rows_per_s": ..}.

    python3 bench/scipy_bench.py [--n 256,4096,65536] [--k 1,4,16,64,256,1024,4096] [--seconds 0.5]
"""
import argparse
import json
import os
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
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
    parser.add_argument("--n", default="256,4096,65536")
    parser.add_argument("--k", default="1,4,16,64,256,1024,4096")
    parser.add_argument("--seconds", type=float, default=0.5)
    args = parser.parse_args()
    rng = np.random.default_rng(42)
    for n in map(int, args.n.split(",")):
        for k in map(int, args.k.split(",")):
            batch = max(1, min(256, 4_000_000 // n))
            X = rng.random((batch, n)) - 0.5
            H = rng.random((batch, k)) - 0.5
            x, h = X[0], H[0]
            # rough cost of one direct row, to keep slow cases short
            cases = {
                "loop-auto": lambda: signal.convolve(x, h, mode="same", method="auto"),
                "loop-direct": lambda: signal.convolve(x, h, mode="same", method="direct"),
                "loop-fft": lambda: signal.convolve(x, h, mode="same", method="fft"),
            }
            for name, fn in cases.items():
                rate = best_rate(fn, 1, args.seconds)
                print(json.dumps({"n": n, "k": k, "method": name, "rows_per_s": rate}), flush=True)
            for name, fn in (("batch-fftconvolve", signal.fftconvolve), ("batch-oaconvolve", signal.oaconvolve)):
                rate = best_rate(lambda: fn(X, H, mode="same", axes=-1), batch, args.seconds)
                print(json.dumps({"n": n, "k": k, "method": name, "rows_per_s": rate}), flush=True)


if __name__ == "__main__":
    sys.exit(main())
