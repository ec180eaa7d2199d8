#!/usr/bin/env bash
# The speech-augmentation job of issue 18: filters from a taps table joined by key against the same rows with
# their taps inline, and the keyed job per core against a one-process pyarrow + scipy script.
#
#   flock -s /tmp/rowconv-cpu.lock bench/keyed-taps-bench.sh data     # the data (about 1.2 GB) and the jar
#   flock -s /tmp/rowconv-cpu.lock bench/keyed-taps-bench.sh plans    # the plan of each setting (untimed)
#   flock -x /tmp/rowconv-cpu.lock bench/keyed-taps-bench.sh local2   # (a), (b), (b') at local[2], alternating
#   flock -x /tmp/rowconv-cpu.lock bench/keyed-taps-bench.sh local1   # (c): keyed at local[1] and pyarrow+scipy
#
# Data (bench/keyed_data.py; SEED, default 18; ROWS, default 2000): ROWS rows `id, rir_id, signal` (n uniform
# in 16,000-48,000, rir_id uniform in 0..199) in 8 files, a taps table `rir_id, taps` of 200 filters (k uniform
# in 4,000-16,000, decaying noise; about 16 MB, over Spark's 10 MB autoBroadcastJoinThreshold), and the
# inline input: the same rows and files with each row's filter copied in as `taps`.
# Runs (mode same; --keep-operands false everywhere, so every output is `id, rir_id, result`: the keyed output
# has no taps column to keep, and keeping the signal in both would add the same 512 MB write to both):
#   inline   ./submit.sh --input INLINE --output OUT --keep-operands false
#   keyed    ./submit.sh --input KEYED --output OUT --keep-operands false --taps-table TAPS --taps-key rir_id
#   keyed64  the same with SPARK_SUBMIT_ARGS="--conf spark.sql.autoBroadcastJoinThreshold=64m"
#   pyarrow  bench/keyed_pyarrow.py KEYED TAPS OUT auto|fftconvolve|oaconvolve (local1 only; one process)
# local2: one untimed keyed run (jars and native libraries into the page cache), then ROUNDS rounds (default 3)
# of inline, keyed, keyed64 at local[2], the order rotated each round (abc, bca, cab) so that drift and
# position fall on all alike. local1: one untimed keyed run, then ROUNDS1 rounds (default 2) of keyed, keyed64,
# inline at local[1] (rotated too) and the three pyarrow + scipy methods. Each timed run starts with its
# inputs in the page cache (cat) and no dirty pages (sync), outside its timing. Job seconds from the run
# summary (duration_seconds), the whole command's from the shell; peak RSS from /usr/bin/time; "others' CPU s"
# is the CPU time other processes took during the run (/proc/stat less the run's own), the noise. Every Spark
# run writes an event log (spark.eventLog.enabled, uncompressed, under work/keyed/events): bench/keyed_events.py
# reads from it the plan the run got (whether the write read a shuffle), the shuffle bytes, the duplicate-key
# check's seconds, the seconds before the write and the write stage's. Raw lines go to
# work/keyed/results-PART.tsv (KEYED_DIR moves work/keyed); a markdown table is printed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${KEYED_DIR:-$ROOT/work/keyed}"
DATA="$WORK/data"
SEED="${SEED:-18}"
ROWS="${ROWS:-2000}"
ROUNDS="${ROUNDS:-3}"
ROUNDS1="${ROUNDS1:-2}"
PART="${1:-}"
export OPENBLAS_NUM_THREADS=1 SPARK_LOCAL_IP=127.0.0.1 LC_ALL=C
mkdir -p "$WORK/events"

# python3 with pyarrow: the machine's wheel in a venv under work/ when the system python3 lacks it
PY=python3
if ! python3 -c 'import pyarrow' 2>/dev/null; then
  if [[ ! -x "$WORK/pyenv/bin/python3" ]]; then
    wheel="$(find / -name 'pyarrow-*.whl' 2>/dev/null | head -1 || true)"
    [[ -n "$wheel" ]] || { echo "keyed-taps-bench: python3 has no pyarrow and no wheel was found" >&2; exit 1; }
    python3 -m venv --system-site-packages "$WORK/pyenv" >&2
    "$WORK/pyenv/bin/pip" install -q --no-index --find-links "$(dirname "$wheel")" pyarrow >&2
  fi
  PY="$WORK/pyenv/bin/python3"
fi

data() {
  if [[ ! -f "$DATA/seed-$SEED-rows-$ROWS" ]]; then
    rm -rf "$DATA"
    "$PY" "$ROOT/bench/keyed_data.py" "$DATA" --seed "$SEED" --rows "$ROWS" >&2
    touch "$DATA/seed-$SEED-rows-$ROWS"
  fi
  if [[ ! -f "$ROOT/target/rowconv.jar" ]]; then
    (cd "$ROOT" && mvn -B -q -DskipTests package) >&2
  fi
}

warm() {
  cat "$DATA"/keyed/*.parquet "$DATA"/inline/*.parquet "$DATA"/taps/*.parquet > /dev/null
  sync
}

RESULTS=""
# CPU seconds the whole machine has been busy (user, nice, system, irq, softirq, steal; /proc/stat)
busy_s() { awk '/^cpu / { printf "%.2f", ($2 + $3 + $4 + $7 + $8 + $9) / 100 }' /proc/stat; }
# others_s BUSY_BEFORE LOG: CPU seconds other processes used during the run just ended (the machine's busy
# time less the run's own user + system time from /usr/bin/time): the noise the run shared its cores with
others_s() {
  local own
  own="$(grep -o 'cpu_s=[0-9.]* [0-9.]*' "$2" | tail -1 | cut -d= -f2 | awk '{ print $1 + $2 }')"
  echo "$(busy_s) $1 $own" | awk '{ printf "%.1f", $1 - $2 - $3 }'
}
# spark_run NAME MASTER ROUND: one rowconv run; appends a line to RESULTS
spark_run() {
  local name="$1" master="$2" round="$3" out="$WORK/out" log="$WORK/last-$1.log" opts=() extra=""
  case "$name" in
    inline) opts=(--input "$DATA/inline") ;;
    keyed) opts=(--input "$DATA/keyed" --taps-table "$DATA/taps" --taps-key rir_id) ;;
    keyed64) opts=(--input "$DATA/keyed" --taps-table "$DATA/taps" --taps-key rir_id)
      extra="--conf spark.sql.autoBroadcastJoinThreshold=64m" ;;
    *) echo "unknown run $name" >&2; exit 2 ;;
  esac
  rm -rf "$out" "${out}_rejects" "$WORK/summary.json"
  local events="$WORK/events/$PART-$round-$name"
  rm -rf "$events" && mkdir -p "$events"
  warm
  local start end busy
  busy="$(busy_s)"
  start=$(date +%s.%N)
  # one line: submit.sh reads SPARK_SUBMIT_ARGS's first line only
  extra="$extra --conf spark.eventLog.enabled=true --conf spark.eventLog.compress=false"
  extra="$extra --conf spark.eventLog.rolling.enabled=false --conf spark.eventLog.dir=file://$events"
  SPARK_MASTER="$master" SPARK_SUBMIT_ARGS="$extra" /usr/bin/time -f 'peak_kb=%M cpu_s=%U %S' "$ROOT/submit.sh" "${opts[@]}" \
    --output "$out" --mode same --keep-operands false --summary "$WORK/summary.json" > "$log" 2>&1 \
    || { echo "keyed-taps-bench: $name failed, see $log" >&2; tail -20 "$log" >&2; exit 1; }
  end=$(date +%s.%N)
  local job kb ev others
  others="$(others_s "$busy" "$log")"
  job="$(grep -o '"duration_seconds": [0-9.]*' "$WORK/summary.json" | awk '{print $2}')"
  kb="$(grep -o 'peak_kb=[0-9]*' "$log" | tail -1 | cut -d= -f2)"
  ev="$(python3 "$ROOT/bench/keyed_events.py" "$events")"
  printf '%s\t%s\t%s\t%s\t%.2f\t%s\t%s\t%s\n' "$round" "rowconv $name" "$master" "$job" \
    "$(echo "$end - $start" | bc)" "$kb" "$others" "$ev" >> "$RESULTS"
}

# py_run HOW ROUND: one pyarrow + scipy run
py_run() {
  local how="$1" round="$2" out="$WORK/out" log="$WORK/last-py.log"
  rm -rf "$out"
  warm
  local start end busy
  busy="$(busy_s)"
  start=$(date +%s.%N)
  /usr/bin/time -f 'peak_kb=%M cpu_s=%U %S' "$PY" "$ROOT/bench/keyed_pyarrow.py" "$DATA/keyed" "$DATA/taps" "$out" "$how" \
    > "$log" 2>&1 || { echo "keyed-taps-bench: pyarrow $how failed, see $log" >&2; tail -20 "$log" >&2; exit 1; }
  end=$(date +%s.%N)
  local wall kb others
  others="$(others_s "$busy" "$log")"
  wall="$(grep -o 'wall_s=[0-9.]*' "$log" | cut -d= -f2)"
  kb="$(grep -o 'peak_kb=[0-9]*' "$log" | tail -1 | cut -d= -f2)"
  printf '%s\t%s\t%s\t%s\t%.2f\t%s\t%s\t%s\n' "$round" "pyarrow+scipy $how" "1 process" "$wall" \
    "$(echo "$end - $start" | bc)" "$kb" "$others" "" >> "$RESULTS"
}

# rotated ROUND A B C: the names rotated by ROUND - 1 (round 1: A B C, round 2: B C A, ...)
rotated() {
  local shift=$(( ($1 - 1) % ($# - 1) )) names=("${@:2}")
  echo "${names[@]:shift}" "${names[@]:0:shift}"
}

table() {
  echo "| round | run | master | job s | command s | rows/s (job) | peak RSS MB | others' CPU s | from the event log |"
  echo "|---|---|---|---|---|---|---|---|---|"
  awk -F'\t' -v rows="$ROWS" '{ printf "| %s | %s | %s | %.2f | %.1f | %.1f | %.0f | %s | %s |\n", $1, $2, $3, $4, $5,
    rows / $4, $6 / 1024, $7, $8 }' "$RESULTS"
  echo
  echo "| run | master | job s, median (min-max) | rows/s | command s, median | peak RSS MB, max |"
  echo "|---|---|---|---|---|---|"
  awk -F'\t' -v rows="$ROWS" '$1 != "warm-up" { k = $2 "\t" $3; if (!(k in seen)) { order[++n] = k; seen[k] = 1 }
      jobs[k] = jobs[k] " " $4; cmds[k] = cmds[k] " " $5; if ($6 > rss[k]) rss[k] = $6 }
    function median(s,   a, m, i, j, t) { m = split(s, a, " ")
      for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
      lo = a[1]; hi = a[m]; return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2 }
    END { for (i = 1; i <= n; i++) { k = order[i]; split(k, p, "\t"); jm = median(jobs[k]); jl = lo; jh = hi
        printf "| %s | %s | %.2f (%.2f-%.2f) | %.1f | %.1f | %.0f |\n", p[1], p[2], jm, jl, jh, rows / jm, median(cmds[k]), rss[k] / 1024 } }' "$RESULTS"
}

case "$PART" in
  data)
    data ;;
  plans)
    data
    CP="$ROOT/target/rowconv.jar:$(cat "$ROOT/target/classpath.txt")"
    JAVA_OPTS=(-Xmx2g --add-modules=jdk.incubator.vector -Dlog4j2.configurationFile="file:$ROOT/conf/log4j2.properties"
      --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
      --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
      --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
      --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
      --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false
      -Dio.netty.tryReflectionSetAccessible=true)
    SRC="$ROOT/bench/src/main/java/io/rowconv/bench/KeyedPlan.java"
    for setting in inline keyed keyed64; do
      echo "## $setting"
      case "$setting" in
        inline) java "${JAVA_OPTS[@]}" -cp "$CP" "$SRC" 'local[2]' "$DATA/inline" ;;
        keyed) java "${JAVA_OPTS[@]}" -cp "$CP" "$SRC" 'local[2]' "$DATA/keyed" "$DATA/taps" rir_id ;;
        keyed64) java "${JAVA_OPTS[@]}" -Dthreshold=64m -cp "$CP" "$SRC" 'local[2]' "$DATA/keyed" "$DATA/taps" rir_id ;;
      esac 2> "$WORK/plan-$setting.log"
    done ;;
  local2)
    data
    RESULTS="$WORK/results-local2.tsv"
    : > "$RESULTS"
    spark_run keyed 'local[2]' warm-up
    for round in $(seq "$ROUNDS"); do
      for name in $(rotated "$round" inline keyed keyed64); do
        spark_run "$name" 'local[2]' "$round"
      done
    done
    table ;;
  local1)
    data
    RESULTS="$WORK/results-local1.tsv"
    : > "$RESULTS"
    spark_run keyed 'local[1]' warm-up
    for round in $(seq "$ROUNDS1"); do
      for name in $(rotated "$round" keyed keyed64 inline); do
        spark_run "$name" 'local[1]' "$round"
      done
      for how in auto fftconvolve oaconvolve; do
        py_run "$how" "$round"
      done
    done
    table ;;
  *)
    sed -n '2,/^set -euo/p' "$0" | sed '$d' >&2
    exit 2 ;;
esac
rm -rf "$WORK/out" "$WORK/out_rejects"
