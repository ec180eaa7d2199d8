#!/usr/bin/env python3
"""Merges Kernel2dBench's JMH results (JSON), the method AUTO took (from the JMH log's "computes with" lines)
and scipy_bench_2d.py's lines into the markdown table of docs/PERFORMANCE.md (images/s).

    python3 bench/perf_table_2d.py JMH.json PEERS.jsonl [JMH.log]
"""
import json
import re
import sys
from collections import defaultdict

PEERS = ("loop-convolve2d", "loop-convolve", "batch-fftconvolve", "batch-oaconvolve", "tf-depthwise")


def main(jmh_path, peers_path, log_path=None):
    ours = defaultdict(dict)
    for result in json.load(open(jmh_path)):
        p = result["params"]
        ours[(int(p["n"]), int(p["k"]))][p["method"]] = result["primaryMetric"]["score"]
    picked = {}
    if log_path:
        for line in open(log_path, errors="replace"):
            m = re.search(r"# n=(\d+) k=(\d+) AUTO computes with (\w+)", line)
            if m:
                picked[(int(m.group(1)), int(m.group(2)))] = m.group(3).lower()
    theirs = defaultdict(dict)
    for line in open(peers_path):
        if line.strip():
            r = json.loads(line)
            if "meta" in r:
                continue
            if r.get("images_per_s"):
                theirs[(r["n"], r["k"])][r["peer"]] = r["images_per_s"]

    print("| image | kernel | rowconv auto | auto took | direct | toeplitz | fft | "
          + " | ".join(PEERS) + " | best peer | auto / best peer |")
    print("|---" * (8 + len(PEERS) + 1) + "|")
    for (n, k) in sorted(ours):
        o = ours[(n, k)]
        t = theirs.get((n, k), {})
        auto = o.get("AUTO")
        if t:
            best_name = max(t, key=t.get)
            best = "%s %s" % (fmt(t[best_name]), best_name)
            ratio = "%.2f" % (auto / t[best_name]) if auto else "-"
        else:
            best, ratio = "-", "-"
        cells = [fmt(o.get("DIRECT")), fmt(o.get("TOEPLITZ")), fmt(o.get("FFT"))] + [fmt(t.get(p)) for p in PEERS]
        print("| %dx%d | %dx%d | %s | %s | %s | %s | %s |" % (
            n, n, k, k, fmt(auto), picked.get((n, k), "-"), " | ".join(cells), best, ratio))


def fmt(v):
    if v is None:
        return "-"
    if v >= 1e5:
        return "%.0fk" % (v / 1e3)
    if v >= 1e3:
        return "%.1fk" % (v / 1e3)
    if v >= 10:
        return "%.0f" % v
    return "%.2f" % v


if __name__ == "__main__":
    main(*sys.argv[1:])
