#!/usr/bin/env bash
# Job time of two commits on the same input, runs alternating (A, B, A, B, ...) so that the machine's drift
# falls on both alike. Each commit is checked out in its own worktree under work/ab, built once, and run
# through its own submit.sh at SPARK_MASTER (default local[1]), as that commit's submit.sh runs by default
# (one untimed run of each first, outside the timing; up to 99da3ca, submit.sh recorded a class-data archive
# in that run and used it in the timed ones). Prints one table row per round: the job seconds of A and B (from the run
# summary) and their whole commands' seconds; then the mean of the paired differences B - A.
#
#   bench/ab-revisions.sh A B INPUT [ROUNDS] [-- job options...]
#   bench/ab-revisions.sh ba28e08 HEAD work/e2e/in-n4096-k64-r12000 4 -- --output-format arrow-parquet
#
# INPUT: a Parquet input (bench/e2e-bench.sh and `./submit.sh generate` make them). ROUNDS: default 4.
# The worktrees stay for the next comparison; `git worktree remove --force work/ab/tree-REV` drops one.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ $# -lt 3 ]]; then
  sed -n '2,/^set -euo/p' "$0" | sed '$d' >&2
  exit 2
fi
export LC_ALL=C
commit() { git -C "$ROOT" rev-parse --verify --quiet --short "$1^{commit}" || { echo "ab-revisions: no commit '$1'" >&2; exit 2; }; }
A="$(commit "$1")"
B="$(commit "$2")"
INPUT="$(cd "$(dirname "$3")" && pwd)/$(basename "$3")"
shift 3
ROUNDS=4
if [[ "${1:-}" =~ ^[1-9][0-9]*$ ]]; then
  ROUNDS="$1"
  shift
fi
if [[ "${1:-}" == -- ]]; then
  shift
fi
WORK="${AB_DIR:-$ROOT/work/ab}"
mkdir -p "$WORK"
export SPARK_MASTER="${SPARK_MASTER:-local[1]}"

for rev in "$A" "$B"; do
  tree="$WORK/tree-$rev"
  if [[ ! -d "$tree" ]]; then
    git -C "$ROOT" worktree add -f --detach "$tree" "$rev" > /dev/null \
      || { echo "ab-revisions: cannot check out $rev in $tree" >&2; exit 1; }
  fi
  (cd "$tree" && mvn -B -q -DskipTests package > "$WORK/build-$rev.log" 2>&1) \
    || { echo "ab-revisions: building $rev failed, see $WORK/build-$rev.log" >&2; exit 1; }
done

run() { # run REV [job options]: sets job_s and command_s
  local rev="$1" tree="$WORK/tree-$1" out="$WORK/out" start end
  shift
  rm -rf "$out" "${out}_rejects" "$WORK/summary.json"
  sync # no dirty pages of the run before: its output would throttle this run's writes
  start=$(date +%s.%N)
  if ! (cd "$tree" && ./submit.sh run --input "$INPUT" --output "$out" --summary "$WORK/summary.json" "$@" \
      > "$WORK/run-$rev.log" 2>&1); then
    echo "ab-revisions: a run of $rev failed, see $WORK/run-$rev.log" >&2
    exit 1
  fi
  end=$(date +%s.%N)
  job_s="$(grep -o '"duration_seconds": [0-9.]*' "$WORK/summary.json" | awk '{print $2}' || true)"
  if [[ -z "$job_s" ]]; then
    echo "ab-revisions: no duration in $WORK/summary.json (run of $rev)" >&2
    exit 1
  fi
  command_s="$(echo "$end - $start" | bc)"
}

# untimed first runs (an older submit.sh records its class-data archive here)
run "$A" "$@"
run "$B" "$@"

echo "| round | $A job s | $B job s | $A command s | $B command s |"
echo "|---|---|---|---|---|"
sum=0
for round in $(seq "$ROUNDS"); do
  run "$A" "$@"
  ja="$job_s" ca="$command_s"
  run "$B" "$@"
  jb="$job_s" cb="$command_s"
  printf '| %s | %.2f | %.2f | %.1f | %.1f |\n' "$round" "$ja" "$jb" "$ca" "$cb"
  sum=$(echo "$sum + $jb - $ja" | bc -l)
done
printf 'mean of the paired differences (%s - %s, job): %+.2f s over %s rounds\n' "$B" "$A" \
  "$(echo "$sum / $ROUNDS" | bc -l)" "$ROUNDS"
