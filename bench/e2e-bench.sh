#!/usr/bin/env bash
# End-to-end benchmark: rowconv against the alternatives, on data it generates, per core (local[1]) and on
# local[2]. Every run is its own process, timed from inside (session start-up excluded) and measured for
# peak RSS (/usr/bin/time). Prints a markdown table; raw lines go to work/e2e/results.tsv.
#
#   bench/e2e-bench.sh                                   # every case below (about 30 minutes)
#   CASES="4096:12000:64" MASTERS="local[1]" bench/e2e-bench.sh
#
# CASES: space-separated n:rows:k1,k2,...  (default: the grid of docs/PERFORMANCE.md)
# RUNS: which runs (default "identity rowconv rowconv-drop rowconv-arrow rowconv-arrow-drop naive pyarrow";
# -drop = --keep-operands false, the output without signal and taps; -arrow = --output-format arrow-parquet);
# EXTRA_ROWCONV: more rowconv options, e.g. "--output-format noop". Every JVM starts without a class-data
# archive (rowconv's runs use one only after `./submit.sh cds`: do not run that before this bench).
# Each timed run starts with its input in the page cache and no dirty pages (sync), outside its timing.
# The pyarrow + scipy runs need python3 with pyarrow: when it is missing and the machine has its wheels
# (find / -name 'pyarrow-*.whl'), they are installed into work/e2e/pyenv.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${E2E_DIR:-$ROOT/work/e2e}"
CASES="${CASES:-1024:200000:4,32,256 4096:12000:4,64,1024 65536:2000:64}"
MASTERS="${MASTERS:-local[1] local[2]}"
RUNS="${RUNS:-identity rowconv rowconv-drop rowconv-arrow rowconv-arrow-drop naive pyarrow}"
EXTRA_ROWCONV="${EXTRA_ROWCONV:-}"
export OPENBLAS_NUM_THREADS=1 SPARK_LOCAL_IP=127.0.0.1
mkdir -p "$WORK"
RESULTS="$WORK/results.tsv"
: > "$RESULTS"

(cd "$ROOT" && mvn -B -q -DskipTests install) >&2
(cd "$ROOT/bench" && mvn -B -q clean package) >&2
CP="$ROOT/bench/target/original-benchmarks.jar:$ROOT/target/rowconv.jar:$(cat "$ROOT/target/classpath.txt")"
JAVA_OPTS=(-Xmx4g --add-modules=jdk.incubator.vector -Dlog4j2.configurationFile="file:$ROOT/conf/log4j2.properties"
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false
  -Dio.netty.tryReflectionSetAccessible=true)

PY=python3
if [[ " $RUNS " == *" pyarrow "* ]] && ! python3 -c 'import pyarrow' 2>/dev/null; then
  wheel="$(find / -name 'pyarrow-*.whl' 2>/dev/null | head -1 || true)"
  if [[ -n "$wheel" ]]; then
    if [[ ! -x "$WORK/pyenv/bin/python3" ]]; then
      python3 -m venv --system-site-packages "$WORK/pyenv" >&2
      "$WORK/pyenv/bin/pip" install -q --no-index --find-links "$(dirname "$wheel")" pyarrow >&2
    fi
    PY="$WORK/pyenv/bin/python3"
  else
    echo "e2e-bench: python3 has no pyarrow and no wheel was found: skipping the pyarrow + scipy runs" >&2
    RUNS="${RUNS/pyarrow/}"
  fi
fi

# record NAME MASTER N ROWS K MB WALL_S PEAK_KB
record() {
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >> "$RESULTS"
  awk -v name="$1" -v master="$2" -v rows="$4" -v mb="$6" -v wall="$7" -v kb="$8" -v n="$3" -v k="$5" \
    'BEGIN { printf "| %s | %s | %s | %s | %.2f | %.0f | %.1f | %.0f |\n", n, k, master, name, wall, rows / wall, mb / wall, kb / 1024 }'
}

# timed LOG CMD...: runs CMD under /usr/bin/time, prints "wall_s peak_kb" (wall from the command's own line)
timed() {
  local log="$1"; shift
  /usr/bin/time -f 'peak_kb=%M' "$@" > "$log" 2>&1 || { echo "e2e-bench: failed, see $log" >&2; tail -20 "$log" >&2; exit 1; }
  local wall kb
  wall="$(grep -o 'wall_s=[0-9.]*' "$log" | tail -1 | cut -d= -f2)"
  kb="$(grep -o 'peak_kb=[0-9]*' "$log" | tail -1 | cut -d= -f2)"
  echo "$wall $kb"
}

# Every timed run starts alike: its input in the page cache (a run after pyarrow's, whose process holds the
# whole table, up to 12 GB here, could otherwise read it from disk) and no dirty pages left by the runs
# before (the outputs are GBs: a run that starts with a backlog gets its writes throttled to disk speed).
warm_input() {
  cat "$input"/*.parquet > /dev/null
  sync
}

echo "| n | k | master | run | wall s | rows/s | input MB/s | peak RSS MB |"
echo "|---|---|---|---|---|---|---|---|"
for case in $CASES; do
  IFS=: read -r n rows ks <<< "$case"
  for k in ${ks//,/ }; do
    input="$WORK/in-n$n-k$k-r$rows"
    if [[ ! -f "$input/_SUCCESS" ]]; then
      SPARK_MASTER='local[2]' "$ROOT/submit.sh" generate --output "$input" --rows "$rows" --n "$n" --k "$k" \
        --partitions 8 --bad-rows 0 > "$WORK/generate.log" 2>&1
    fi
    mb="$(du -sm "$input" | cut -f1)"
    for master in $MASTERS; do
      for run in $RUNS; do
        out="$WORK/out"
        rm -rf "$out" "${out}_rejects"
        log="$WORK/last-$run.log"
        warm_input
        case "$run" in
          identity|naive)
            read -r wall kb < <(timed "$log" java "${JAVA_OPTS[@]}" -cp "$CP" io.rowconv.bench.SparkBaselines \
              "$master" "$run" "$input" "$out")
            record "spark $run" "$master" "$n" "$rows" "$k" "$mb" "$wall" "$kb" ;;
          rowconv|rowconv-drop|rowconv-arrow|rowconv-arrow-drop)
            opts="$EXTRA_ROWCONV"
            [[ "$run" == *-arrow* ]] && opts="$opts --output-format arrow-parquet"
            [[ "$run" == *-drop ]] && opts="$opts --keep-operands false"
            # shellcheck disable=SC2086
            SPARK_MASTER="$master" DRIVER_MEMORY=4g /usr/bin/time -f 'peak_kb=%M' "$ROOT/submit.sh" \
              --input "$input" --output "$out" --mode same --summary "$WORK/summary.json" $opts \
              > "$log" 2>&1 || { echo "e2e-bench: rowconv failed, see $log" >&2; tail -20 "$log" >&2; exit 1; }
            wall="$(grep -o '"duration_seconds": [0-9.]*' "$WORK/summary.json" | awk '{print $2}')"
            kb="$(grep -o 'peak_kb=[0-9]*' "$log" | tail -1 | cut -d= -f2)"
            record "rowconv$opts" "$master" "$n" "$rows" "$k" "$mb" "$wall" "$kb" ;;
          pyarrow)
            [[ "$master" == "local[1]" ]] || continue
            for how in loop fftconvolve oaconvolve; do
              warm_input
              read -r wall kb < <(timed "$log" "$PY" "$ROOT/bench/e2e_pyarrow.py" "$input" "$out" "$how")
              record "pyarrow+scipy $how" "1 process" "$n" "$rows" "$k" "$mb" "$wall" "$kb"
              rm -rf "$out"
            done ;;
          *) echo "unknown run $run" >&2; exit 2 ;;
        esac
      done
    done
  done
done
rm -rf "$WORK/out" "$WORK/out_rejects"
