#!/usr/bin/env bash
# Filter-bank and prepared-filter benchmarks, rowconv vs scipy, one thread, compute only. Prints the tables of
# docs/PERFORMANCE.md ("Filter banks, causal mode and filters prepared once") and keeps raw results in
# work/bench-bank/. Run it alone on the machine (flock -x /tmp/rowconv-cpu.lock bench/run-bank-bench.sh).
#
#   bench/run-bank-bench.sh                        # everything (about 15 minutes)
#   METHODS=AUTO,ONE_BY_ONE bench/run-bank-bench.sh  # a part of the bank grid
#   SKIP_SCIPY=1 SKIP_BUILD=1 bench/run-bank-bench.sh
#   BEFORE_JAR=work/benchmarks-before.jar ...      # also KernelBench before/after, paired (A B A B)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/work/bench-bank"
mkdir -p "$OUT"
METHODS="${METHODS:-AUTO,DIRECT,TOEPLITZ,FFT,ONE_BY_ONE}"
export OPENBLAS_NUM_THREADS=1

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$ROOT" && mvn -B -q -DskipTests install) >&2
  (cd "$ROOT/bench" && mvn -B -q clean package) >&2
fi
JAR="$ROOT/bench/target/benchmarks.jar"
if [[ "${SKIP_SCIPY:-0}" != 1 || ! -s "$OUT/scipy.jsonl" ]]; then
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=1 python3 "$ROOT/bench/scipy_bank_bench.py" \
    > "$OUT/scipy.jsonl"
fi
java -jar "$JAR" BankBench -p method="$METHODS" -rf json -rff "$OUT/jmh-bank.json" > "$OUT/jmh-bank.log" 2>&1
python3 "$ROOT/bench/bank_table.py" "$OUT/jmh-bank.json" "$OUT/scipy.jsonl"
java -jar "$JAR" PreparedFilterBench -rf json -rff "$OUT/jmh-prepared.json" > "$OUT/jmh-prepared.log" 2>&1
grep -E "^PreparedFilterBench|^Benchmark|cache (on|off)" "$OUT/jmh-prepared.log" | sort | uniq -c | sort -rn | head -20
if [[ -n "${BEFORE_JAR:-}" ]]; then
  for round in 1 2; do
    for side in before after; do
      jar="$JAR"; [[ $side == before ]] && jar="$BEFORE_JAR"
      java -jar "$jar" KernelBench -p n=4096 -p k=16,64,1024 -p method=AUTO -rf json \
        -rff "$OUT/kernel-$side-$round.json" > "$OUT/kernel-$side-$round.log" 2>&1
      echo "KernelBench $side (round $round):"
      python3 -c "import json,sys; [print('  k=%s %.0f rows/s' % (r['params']['k'], r['primaryMetric']['score'])) for r in json.load(open(sys.argv[1]))]" "$OUT/kernel-$side-$round.json"
    done
  done
fi
