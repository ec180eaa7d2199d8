#!/usr/bin/env bash
# Memory of one very long row: one row of n = 10,000,000 samples and k = 1,000 taps (mode same, auto = FFT),
# run at local[1] under several heap sizes, with and without the operands in the output and with the reader's
# vectors on or off the heap. Prints one markdown row per run: outcome, peak RSS (/usr/bin/time), job time.
#
#   bench/long-row-memory.sh                     # the matrix below (about 5 minutes)
#   HEAPS="1g" CONFIGS="default offheap" bench/long-row-memory.sh
#
# HEAPS: heap sizes (DRIVER_MEMORY: in a local run the one JVM is driver and executor).
# CONFIGS: default (every column, Spark's Parquet writer), drop (--keep-operands false), offheap (every column,
# spark.sql.columnVector.offheap.enabled=true), arrow-offheap (the same with --output-format arrow-parquet).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${MEM_DIR:-$ROOT/work/mem}"
HEAPS="${HEAPS:-900m 1g 1300m}"
CONFIGS="${CONFIGS:-default drop offheap arrow-offheap}"
INPUT="$WORK/in-10M"
mkdir -p "$WORK"
export SPARK_MASTER='local[1]'
# measured without submit.sh's class-data archive, whose training run would otherwise fall into a measurement

if [[ ! -d "$INPUT" ]]; then
  "$ROOT/submit.sh" generate --output "$INPUT" --rows 1 --n 10000000 --k 1000 --partitions 1 --bad-rows 0 >&2
fi

echo "| heap | output | reader vectors | outcome | peak RSS MB | job s |"
echo "|---|---|---|---|---|---|"
for heap in $HEAPS; do
  for config in $CONFIGS; do
    options=()
    submit_args=""
    output="every column, parquet"
    vectors="heap"
    case "$config" in
      default) ;;
      drop) options+=(--keep-operands false); output="--keep-operands false, parquet" ;;
      offheap) submit_args="--conf spark.sql.columnVector.offheap.enabled=true"; vectors="off heap" ;;
      arrow-offheap)
        submit_args="--conf spark.sql.columnVector.offheap.enabled=true"; vectors="off heap"
        options+=(--output-format arrow-parquet); output="every column, arrow-parquet" ;;
      *) echo "long-row-memory: unknown config '$config'" >&2; exit 2 ;;
    esac
    out="$WORK/out-10M"
    rm -rf "$out" "${out}_rejects"
    log="$WORK/last-$config-$heap.log"
    set +e
    DRIVER_MEMORY="$heap" SPARK_SUBMIT_ARGS="$submit_args" /usr/bin/time -f "peak_kb %M" \
      "$ROOT/submit.sh" --input "$INPUT" --output "$out" "${options[@]}" > "$log" 2>&1
    status=$?
    set -e
    peak_kb="$(awk '/^peak_kb/ { print $2 }' "$log")"
    job_s="$(sed -n 's/^rowconv succeeded: .* in \([0-9.]*\) s .*/\1/p' "$log")"
    if [[ $status -eq 0 ]]; then
      outcome="succeeded"
    elif grep -q OutOfMemoryError "$log"; then
      outcome="OutOfMemoryError"
    else
      outcome="failed (exit $status, see $log)"
    fi
    printf '| %s | %s | %s | %s | %.0f | %s |\n' "$heap" "$output" "$vectors" "$outcome" \
      "$(( ${peak_kb:-0} / 1024 ))" "${job_s:--}"
  done
done
rm -rf "$WORK/out-10M" "$WORK/out-10M_rejects"
