#!/usr/bin/env bash
# A Spark standalone cluster on this machine, from the project's Maven-resolved Spark jars:
# one Master and two Workers (1 core, 1 GB each by default), all bound to 127.0.0.1.
#
#   scripts/local-cluster.sh start    # starts them and waits until both workers are registered
#   scripts/local-cluster.sh status   # which of the processes it started are alive
#   scripts/local-cluster.sh stop     # stops exactly the processes it started (by PID), and their executors
#
# Then: SPARK_MASTER=spark://127.0.0.1:7077 ./submit.sh --input ... --output ...
#
# Environment: CLUSTER_DIR (state: pids, logs, work dirs; default work/cluster), CLUSTER_PORT (7077),
# CLUSTER_WORKERS (2), WORKER_CORES (1), WORKER_MEMORY (1g).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${CLUSTER_DIR:-$ROOT/work/cluster}"
PORT="${CLUSTER_PORT:-7077}"
WORKERS="${CLUSTER_WORKERS:-2}"
CORES="${WORKER_CORES:-1}"
MEMORY="${WORKER_MEMORY:-1g}"
CLASSPATH_FILE="$ROOT/target/classpath.txt"
MASTER_URL="spark://127.0.0.1:$PORT"

export SPARK_LOCAL_IP=127.0.0.1 SPARK_SCALA_VERSION=2.13 SPARK_HOME="$DIR/spark-home"
export OPENBLAS_NUM_THREADS=1

JAVA_FLAGS=(-Xmx512m -Dio.netty.tryReflectionSetAccessible=true
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED)

alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

prepare_spark_home() {
  if [[ ! -f "$CLASSPATH_FILE" ]]; then
    (cd "$ROOT" && mvn -B -q -DskipTests package) >&2
  fi
  rm -rf "$SPARK_HOME" && mkdir -p "$SPARK_HOME/jars" "$SPARK_HOME/conf"
  # Spark's jars only: the application jar and its native BLAS reach executors from the job itself.
  tr ':' '\n' < "$CLASSPATH_FILE" | grep -v '/org/bytedeco/' | while read -r jar; do
    [[ -n "$jar" ]] && ln -sf "$jar" "$SPARK_HOME/jars/"
  done
}

start() {
  mkdir -p "$DIR/logs"
  if alive "$DIR/master.pid"; then
    echo "local-cluster: already running (master pid $(cat "$DIR/master.pid")); stop it first" >&2
    exit 1
  fi
  prepare_spark_home
  local cp="$SPARK_HOME/jars/*"
  java "${JAVA_FLAGS[@]}" -cp "$cp" org.apache.spark.deploy.master.Master \
    --host 127.0.0.1 --port "$PORT" --webui-port 0 > "$DIR/logs/master.log" 2>&1 &
  echo $! > "$DIR/master.pid"
  for i in $(seq 1 "$WORKERS"); do
    mkdir -p "$DIR/worker-$i"
    java "${JAVA_FLAGS[@]}" -cp "$cp" org.apache.spark.deploy.worker.Worker "$MASTER_URL" \
      --host 127.0.0.1 --webui-port 0 --cores "$CORES" --memory "$MEMORY" --work-dir "$DIR/worker-$i" \
      > "$DIR/logs/worker-$i.log" 2>&1 &
    echo $! > "$DIR/worker-$i.pid"
  done
  for _ in $(seq 1 120); do
    local registered
    registered=$(grep -c "Registering worker" "$DIR/logs/master.log" 2>/dev/null || true)
    if [[ "${registered:-0}" -ge "$WORKERS" ]]; then
      echo "local-cluster: master $MASTER_URL with $WORKERS workers ($CORES core, $MEMORY each); state in $DIR"
      return 0
    fi
    if ! alive "$DIR/master.pid"; then
      echo "local-cluster: the master died; see $DIR/logs/master.log" >&2
      stop; exit 1
    fi
    sleep 0.5
  done
  echo "local-cluster: workers did not register within 60 s; see $DIR/logs" >&2
  stop; exit 1
}

stop_pid_file() {
  local file="$1"
  [[ -f "$file" ]] || return 0
  local pid; pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    # the executors this worker launched: its direct children, found by parent PID
    local children; children=$(pgrep -P "$pid" || true)
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$pid" 2>/dev/null || true
    for child in $children; do kill -KILL "$child" 2>/dev/null || true; done
  fi
  rm -f "$file"
}

stop() {
  for file in "$DIR"/worker-*.pid; do [[ -e "$file" ]] && stop_pid_file "$file"; done
  stop_pid_file "$DIR/master.pid"
  echo "local-cluster: stopped"
}

status() {
  local any=1
  for file in "$DIR/master.pid" "$DIR"/worker-*.pid; do
    [[ -e "$file" ]] || continue
    if alive "$file"; then echo "$(basename "$file" .pid): running (pid $(cat "$file"))"; any=0
    else echo "$(basename "$file" .pid): not running"; fi
  done
  [[ $any -eq 0 ]] && echo "master URL: $MASTER_URL"
  return $any
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
