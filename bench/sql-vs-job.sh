#!/usr/bin/env bash
# rowconv's SQL function against the job (issue 17), on the same Parquet input, read + compute alone:
#   job: ./submit.sh --input IN --output OUT --output-format noop        (time: the summary's duration_seconds)
#   sql: SELECT *, rowconv_convolve(signal, taps) AS result FROM parquet.`IN`, written to the noop sink
#        (bench/src/main/java/io/rowconv/bench/SqlConvolveRun.java; time: from just before the input is read
#        to the end of the write, session start excluded, as the job's duration counts)
# Both go through ./submit.sh: the same JVM flags, master, conf/spark-defaults.conf and loopback settings; the
# SQL run adds spark.sql.extensions=io.rowconv.spark.RowconvExtensions (the job's session adds it itself) and
# the reader batch the job sets for itself, spark.sql.parquet.columnarReaderBatchSize=512 (SQL_BATCH below).
# The runs alternate, and so does their order (job first in odd rounds, sql first in even ones), so that the
# machine's drift falls on both alike; each starts with its input in the page cache and no dirty pages (sync).
# Prints a markdown table: per input and master, each round's seconds, rows/s (medians over the rounds) and the
# ratio sql / job of rows/s (with the range of the rounds' paired ratios). Raw lines: work/sqlbench/results.tsv.
#
#   bench/sql-vs-job.sh                                           # both inputs, local[1] and local[2], 3 rounds
#   CASES="4096:24000:64" MASTERS="local[1]" ROUNDS=5 bench/sql-vs-job.sh
#
# CASES: space-separated n:rows:k (default "4096:24000:64 1024:200000:32"; inputs made once by
#   `./submit.sh generate --partitions 8 --bad-rows 0` into work/sqlbench, kept for the next run).
# SQL_BATCH: the SQL side's reader batch (default 512, the job's; "spark" leaves Spark's default, 4096).
# RUNS: "job sql" (default); also "sql-spark-batch" (the SQL side at Spark's default batch) and "sql-nofn"
#   (SELECT *, signal AS result: the same plan and output width without the function).
# EVENT_LOGS=1: a Spark event log per run (work/sqlbench/events/TAG), and a second table of where each run's
#   time goes (bench/sql_vs_job_report.py phases). Off by default: the timed runs are then the plain ones.
# PROFILER=/path/to/libasyncProfiler.so: every timed run also under async-profiler (cpu, 1 ms; measuring
#   only: tools.profiler:async-profiler:3.0 from Maven Central holds linux-x64/libasyncProfiler.so), with
#   event logs; then a third table, task-thread CPU per row by what it does (local[1] runs).
# Run it alone: flock -x /tmp/rowconv-cpu.lock bench/sql-vs-job.sh (see /work/CPU-LOCK.md if you share the machine).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${SQLBENCH_DIR:-$ROOT/work/sqlbench}"
CASES="${CASES:-4096:24000:64 1024:200000:32}"
MASTERS="${MASTERS:-local[1] local[2]}"
ROUNDS="${ROUNDS:-3}"
SQL_BATCH="${SQL_BATCH:-512}"
RUNS="${RUNS:-job sql}"
EVENT_LOGS="${EVENT_LOGS:-0}"
PROFILER="${PROFILER:-}"
if [[ -n "$PROFILER" ]]; then
  [[ -f "$PROFILER" ]] || { echo "sql-vs-job: no profiler library at $PROFILER" >&2; exit 2; }
  EVENT_LOGS=1
fi
export LC_ALL=C OPENBLAS_NUM_THREADS=1
mkdir -p "$WORK"
RESULTS="$WORK/results.tsv"
: > "$RESULTS"
rm -rf "$WORK/events" "$WORK/prof"

# The job's jar and the runner's; submit.sh rebuilds rowconv.jar itself only when it is older than the sources.
(cd "$ROOT" && mvn -B -q -DskipTests install) >&2
(cd "$ROOT/bench" && mvn -B -q clean package) >&2
RUNNER_JAR="$ROOT/bench/target/original-benchmarks.jar"

if command -v spark-submit > /dev/null 2>&1 || [[ -n "${SPARK_HOME:-}" ]]; then
  echo "sql-vs-job: note: submit.sh will use a Spark distribution's spark-submit for both sides" >&2
fi
if compgen -G "$ROOT/target/cds/rowconv-*.jsa" > /dev/null; then
  echo "sql-vs-job: note: submit.sh maps the class-data archive in target/cds for both sides" >&2
fi

events_conf() { # the event-log settings for SPARK_SUBMIT_ARGS, when asked for: one folder per run ($tag)
  if [[ "$EVENT_LOGS" == 1 ]]; then
    mkdir -p "$WORK/events/$tag"
    echo "--conf spark.eventLog.enabled=true --conf spark.eventLog.dir=file://$WORK/events/$tag"
  fi
}

profiler_opts() { # JVM options of a profiled run (JAVA_TOOL_OPTIONS: set for the run's command only)
  if [[ -n "$PROFILER" ]]; then
    mkdir -p "$WORK/prof"
    echo "-agentpath:$PROFILER=start,event=cpu,interval=1ms,file=$WORK/prof/$tag.jfr"
  fi
}

warm_input() {
  cat "$input"/*.parquet > /dev/null
  sync
}

# run_job: sets secs, rows, start_ms and end_ms from the run summary
run_job() {
  local out="$WORK/out" log="$WORK/last-job.log" started
  rm -rf "$out" "${out}_rejects" "$WORK/summary.json"
  warm_input
  if ! JAVA_TOOL_OPTIONS="$(profiler_opts)" SPARK_MASTER="$master" SPARK_SUBMIT_ARGS="$(events_conf)" \
      "$ROOT/submit.sh" --input "$input" --output "$out" --output-format noop --summary "$WORK/summary.json" \
      > "$log" 2>&1; then
    echo "sql-vs-job: the job failed, see $log" >&2
    tail -20 "$log" >&2
    exit 1
  fi
  secs="$(jq -r .duration_seconds "$WORK/summary.json")"
  rows="$(jq -r .rows_written "$WORK/summary.json")"
  started="$(jq -r .started_at "$WORK/summary.json")"
  start_ms="$(python3 -c 'import sys, datetime; print(round(datetime.datetime.fromisoformat(sys.argv[1].replace("Z", "+00:00")).timestamp() * 1000))' "$started")"
  end_ms="$(awk -v s="$start_ms" -v d="$secs" 'BEGIN { printf "%d", s + d * 1000 }')"
}

# run_sql BATCH [SELECT-LIST]: sets secs, rows, start_ms and end_ms from the runner's line; BATCH "spark"
# leaves the reader batch unset
run_sql() {
  local batch="$1" log="$WORK/last-sql.log" args
  args="--jars $RUNNER_JAR --class io.rowconv.bench.SqlConvolveRun"
  args="$args --conf spark.sql.extensions=io.rowconv.spark.RowconvExtensions $(events_conf)"
  if [[ "$batch" != spark ]]; then
    args="$args --conf spark.sql.parquet.columnarReaderBatchSize=$batch"
  fi
  warm_input
  # submit.sh runs the class named last (--class in SPARK_SUBMIT_ARGS comes after its own)
  if ! JAVA_TOOL_OPTIONS="$(profiler_opts)" SPARK_MASTER="$master" SPARK_SUBMIT_ARGS="$args" \
      "$ROOT/submit.sh" "$input" ${2:+"$2"} > "$log" 2>&1; then
    echo "sql-vs-job: the SQL run failed, see $log" >&2
    tail -20 "$log" >&2
    exit 1
  fi
  secs="$(grep -o 'wall_s=[0-9.]*' "$log" | tail -1 | cut -d= -f2)"
  rows="$(grep -o ' rows=[0-9]*' "$log" | tail -1 | cut -d= -f2)"
  start_ms="$(grep -o 'start_ms=[0-9]*' "$log" | tail -1 | cut -d= -f2)"
  end_ms="$(grep -o 'end_ms=[0-9]*' "$log" | tail -1 | cut -d= -f2)"
}

run() { # run NAME: one timed run, recorded
  tag="n$n-k$k-${master//[^a-z0-9]/}-$1-r$round"
  case "$1" in
    job) run_job ;;
    sql) run_sql "$SQL_BATCH" ;;
    sql-spark-batch) run_sql spark ;;
    sql-nofn) run_sql "$SQL_BATCH" "*, signal AS result" ;;
    *) echo "sql-vs-job: unknown run $1" >&2; exit 2 ;;
  esac
  if [[ "$rows" != "$expected_rows" ]]; then
    echo "sql-vs-job: $1 saw $rows rows, the input has $expected_rows" >&2
    exit 1
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$k" "$expected_rows" "$master" "$1" "$round" \
    "$secs" "$start_ms" "$end_ms" "$WORK/events/$tag" "$tag" >> "$RESULTS"
  echo "sql-vs-job: n=$n k=$k $master round $round $1: $secs s" >&2
}

inputs=()
for case in $CASES; do
  IFS=: read -r n rows k <<< "$case"
  input="$WORK/in-n$n-k$k-r$rows"
  if [[ ! -f "$input/_SUCCESS" ]]; then
    echo "sql-vs-job: generating $input" >&2
    SPARK_MASTER='local[2]' "$ROOT/submit.sh" generate --output "$input" --rows "$rows" --n "$n" --k "$k" \
      --partitions 8 --bad-rows 0 > "$WORK/generate.log" 2>&1
  fi
  inputs+=("$n:$k:$rows:$input")
done

# one untimed run of each, so that the first timed one does not pay for cold files (jars, JIT-less start)
for entry in "${inputs[@]:0:1}"; do
  IFS=: read -r n k expected_rows input <<< "$entry"
  master="${MASTERS%% *}" tag=untimed
  EVENT_LOGS=0 PROFILER="" run_job
  EVENT_LOGS=0 PROFILER="" run_sql "$SQL_BATCH"
done

read -r -a runs <<< "$RUNS"
for round in $(seq "$ROUNDS"); do
  for entry in "${inputs[@]}"; do
    IFS=: read -r n k expected_rows input <<< "$entry"
    for master in $MASTERS; do
      order=("${runs[@]}")
      if (( round % 2 == 0 )); then # the other order in even rounds
        order=()
        for ((i = ${#runs[@]} - 1; i >= 0; i--)); do order+=("${runs[i]}"); done
      fi
      for name in "${order[@]}"; do
        run "$name"
      done
    done
  done
done
rm -rf "$WORK/out" "$WORK/out_rejects"

REPORT="$ROOT/bench/sql_vs_job_report.py"
python3 "$REPORT" table "$RESULTS"
if [[ "$EVENT_LOGS" == 1 ]]; then
  echo
  python3 "$REPORT" phases "$RESULTS"
fi
if [[ -n "$PROFILER" ]]; then
  for jfr in "$WORK"/prof/*.jfr; do
    java -cp "$RUNNER_JAR" io.rowconv.bench.JfrSamples "$jfr" > "${jfr%.jfr}.samples.tsv"
  done
  python3 "$REPORT" profile "$RESULTS" "$WORK/prof"
fi
