#!/usr/bin/env bash
# 2-D kernel benchmark (issue 19): rowconv vs scipy and TensorFlow, one thread, compute only, one kernel per
# image, convolve2d(x, h, 'same', 'fill'). Prints the markdown table of docs/PERFORMANCE.md and keeps raw
# results in work/bench2d/.
#
#   bench/run-kernel2d-bench.sh                        # the full grid (about 12 minutes)
#   N=1024 K=3,7 bench/run-kernel2d-bench.sh           # a part of it
#   SKIP_PEERS=1 bench/run-kernel2d-bench.sh           # rowconv only, peer figures from the last run
#   SKIP_BUILD=1 ...                                   # use the jars already built
#
# Peers run on PYTHON (default work/pyenv2d/bin/python, a venv with TensorFlow made offline with
#   python3 -m venv work/pyenv2d && work/pyenv2d/bin/pip install --no-index --find-links /opt/pypi/files \
#     tensorflow-cpu numpy==2.4.6 scipy==1.17.1
# ; without TensorFlow the table says so). On a shared machine run it under flock -x (see CPU-LOCK.md).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/work/bench2d"
mkdir -p "$OUT"
N="${N:-64,256,1024}"
K="${K:-3,7,15,31,63}"
METHODS="${METHODS:-AUTO,DIRECT,TOEPLITZ,FFT}"
PYTHON="${PYTHON:-$ROOT/work/pyenv2d/bin/python}"
export OPENBLAS_NUM_THREADS=1

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$ROOT" && mvn -B -q -DskipTests install) >&2
  # clean: shading into a jar left by an earlier build would keep its stale rowconv classes
  (cd "$ROOT/bench" && mvn -B -q clean package) >&2
fi
java -jar "$ROOT/bench/target/benchmarks.jar" Kernel2dBench -p n="$N" -p k="$K" -p method="$METHODS" \
  -rf json -rff "$OUT/jmh.json" > "$OUT/jmh.log" 2>&1 || { tail -30 "$OUT/jmh.log" >&2; exit 1; }
if [[ "${SKIP_PEERS:-0}" != 1 || ! -s "$OUT/peers.jsonl" ]]; then
  # this machine's OpenBLAS core-type overrides removed for this command only, as in run-kernel-bench.sh
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PYTHON" "$ROOT/bench/scipy_bench_2d.py" --n "$N" --k "$K" \
    > "$OUT/peers.jsonl"
fi
python3 "$ROOT/bench/perf_table_2d.py" "$OUT/jmh.json" "$OUT/peers.jsonl" "$OUT/jmh.log"
