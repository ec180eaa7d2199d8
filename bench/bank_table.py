#!/usr/bin/env python3
"""Merges BankBench's JMH results (JSON) with scipy_bank_bench.py's lines into the filter-bank table of
docs/PERFORMANCE.md.

    python3 bench/bank_table.py JMH.json[,MORE.json ...] SCIPY.jsonl

(several JMH files, comma-separated, when the methods were run in parts)
"""
import json
import sys
from collections import defaultdict


def main(jmh_path, scipy_path):
    ours = defaultdict(dict)
    results = [r for path in jmh_path.split(",") for r in json.load(open(path))]
    for result in results:
        p = result["params"]
        ours[(int(p["n"]), int(p["filters"]), int(p["k"]))][p["method"]] = result["primaryMetric"]["score"]
    theirs = defaultdict(dict)
    for line in open(scipy_path):
        if line.strip():
            r = json.loads(line)
            theirs[(r["n"], r["F"], r["k"])][r["method"]] = r["rows_per_s"]

    print("| F | k | bank auto rows/s | useful GFLOP/s | direct | blocks (toeplitz) | fft | one at a time | "
          "auto / one at a time | best scipy (rows/s) | auto / best scipy |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for (n, f, k) in sorted(ours):
        o = ours[(n, f, k)]
        t = theirs.get((n, f, k), {})
        auto = o.get("AUTO", 0.0)
        gflops = 2.0 * f * n * k * auto / 1e9
        one = o.get("ONE_BY_ONE")
        if t:
            best_name = max(t, key=t.get)
            best = "%s %s" % (fmt(t[best_name]), best_name)
            ratio = "%.2f" % (auto / t[best_name])
        else:
            best, ratio = "-", "-"
        print("| %d | %d | %s | %.1f | %s | %s | %s | %s | %s | %s | %s |" % (
            f, k, fmt(auto), gflops, fmt(o.get("DIRECT")), fmt(o.get("TOEPLITZ")), fmt(o.get("FFT")), fmt(one),
            "%.2f" % (auto / one) if one else "-", best, ratio))


def fmt(v):
    if v is None:
        return "-"
    if v >= 1e5:
        return "%.0fk" % (v / 1e3)
    if v >= 1e3:
        return "%.1fk" % (v / 1e3)
    return "%.1f" % v


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
