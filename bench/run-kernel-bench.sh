#!/usr/bin/env bash
# Kernel benchmark, rowconv vs scipy, one thread, compute only. Prints the markdown table of
# docs/PERFORMANCE.md and keeps raw results in work/bench/.
#
#   bench/run-kernel-bench.sh                       # the full grid (about 15 minutes)
#   N=4096 K=16,256 bench/run-kernel-bench.sh       # a part of it
#   SKIP_SCIPY=1 bench/run-kernel-bench.sh          # rowconv only, scipy figures from the last run
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/work/bench"
mkdir -p "$OUT"
N="${N:-256,4096,65536}"
K="${K:-1,4,16,64,256,1024,4096}"
export OPENBLAS_NUM_THREADS=1

(cd "$ROOT" && mvn -B -q -DskipTests install) >&2
# clean: shading into a jar left by an earlier build would keep its stale rowconv classes
(cd "$ROOT/bench" && mvn -B -q clean package) >&2
java -jar "$ROOT/bench/target/benchmarks.jar" KernelBench -p n="$N" -p k="$K" \
  -rf json -rff "$OUT/jmh.json" >&2
# scipy, with this machine's OpenBLAS core-type overrides removed for this command only (see env notes);
# SKIP_SCIPY=1 reuses the previous scipy figures.
if [[ "${SKIP_SCIPY:-0}" != 1 || ! -s "$OUT/scipy.jsonl" ]]; then
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 "$ROOT/bench/scipy_bench.py" --n "$N" --k "$K" \
    > "$OUT/scipy.jsonl"
fi
python3 "$ROOT/bench/perf_table.py" "$OUT/jmh.json" "$OUT/scipy.jsonl"
