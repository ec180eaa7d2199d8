#!/usr/bin/env bash
# rowconv launcher: the one way to run the job, locally or on a cluster.
#
#   ./submit.sh example                                  # built-in example (local Spark)
#   ./submit.sh --input IN --output OUT [options]        # the job; ./submit.sh --help lists every option
#   ./submit.sh generate --output PATH --rows R --n N --k K
#
# With spark-submit on PATH or SPARK_HOME set, it uses that spark-submit. With neither, it runs Spark's own
# submit class (org.apache.spark.deploy.SparkSubmit) from the Maven-resolved jars, so Java 17 and Maven
# are enough. It builds the jar (mvn package) when it is missing or older than the sources.
#
# Environment:
#   SPARK_MASTER       Spark master URL (default local[*]); e.g. spark://host:7077, yarn, k8s://https://...
#   SPARK_SUBMIT_ARGS  extra spark-submit options, word-split, e.g. "--executor-memory 4g --conf spark.x=y"
#   ROWCONV_CONF_DIR   folder with rowconv.properties, spark-defaults.conf, log4j2.properties (default ./conf)
#   DRIVER_MEMORY      driver heap when running without spark-submit (default 2g)
#   ROWCONV_CDS        1 (default) or 0: the class-data archive of runs without spark-submit (see below)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="$ROOT/target/rowconv.jar"
CLASSPATH_FILE="$ROOT/target/classpath.txt"
CONF_DIR="${ROWCONV_CONF_DIR:-$ROOT/conf}"
MASTER="${SPARK_MASTER:-local[*]}"
MAIN_CLASS=io.rowconv.app.RowconvMain

if [[ ! -f "$JAR" || ! -f "$CLASSPATH_FILE" || -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit 2>/dev/null)" ]]; then
  echo "submit.sh: building $JAR (missing or older than the sources)" >&2
  (cd "$ROOT" && mvn -B -q -DskipTests package) >&2
fi

# One OpenBLAS thread per task: Spark already runs one task per core (executors get it from spark-defaults).
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"

args=("$@")
# Job defaults come from conf/rowconv.properties unless the caller names a config file.
first="${1:-run}"
if [[ "$first" != generate && "$first" != help && " $* " != *" --config "* && " $* " != *" --config="* ]]; then
  args+=(--config "$CONF_DIR/rowconv.properties")
fi

submit_opts=(--master "$MASTER" --properties-file "$CONF_DIR/spark-defaults.conf" --name rowconv)
if [[ "$MASTER" == local* ]]; then
  # A local run talks to itself only: loopback, no web UI.
  export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
  submit_opts+=(--conf spark.driver.host=127.0.0.1 --conf spark.ui.enabled=false)
elif [[ "$MASTER" == *://127.0.0.1:* || "$MASTER" == *://localhost:* ]]; then
  # A cluster on this machine (scripts/local-cluster.sh): the driver listens on loopback too.
  export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
  submit_opts+=(--conf spark.driver.host=127.0.0.1)
fi
extra=()
if [[ -n "${SPARK_SUBMIT_ARGS:-}" ]]; then
  read -r -a extra <<< "$SPARK_SUBMIT_ARGS"
fi
LOG4J="-Dlog4j2.configurationFile=file:$CONF_DIR/log4j2.properties"

SPARK_SUBMIT=""
if command -v spark-submit >/dev/null 2>&1; then
  SPARK_SUBMIT="$(command -v spark-submit)"
elif [[ -n "${SPARK_HOME:-}" && -x "$SPARK_HOME/bin/spark-submit" ]]; then
  SPARK_SUBMIT="$SPARK_HOME/bin/spark-submit"
fi

if [[ -n "$SPARK_SUBMIT" ]]; then
  exec "$SPARK_SUBMIT" "${submit_opts[@]}" --load-spark-defaults \
    --driver-java-options "$LOG4J --add-modules=jdk.incubator.vector" --class "$MAIN_CLASS" "${extra[@]}" "$JAR" "${args[@]}"
fi

# No Spark distribution: the driver runs in this JVM, so JVM options go on the java command itself.
JAVA_FLAGS=(
  "-Xmx${DRIVER_MEMORY:-2g}" "$LOG4J" -Dio.netty.tryReflectionSetAccessible=true --add-modules=jdk.incubator.vector
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED
)

# Class-data sharing: loading and linking Spark's, Scala's and Arrow's classes from the jars is a large part
# of a short run. Before the first job run of a build (run or example, not help or generate), a training run
# of the built-in example (local[1], its files and log under target/cds) records the classes the JVM loads in
# an archive, target/cds/rowconv-<key>.jsa; that run and later ones map it (about 3 s less per job,
# docs/PERFORMANCE.md). The archive belongs to this java, jar and classpath: any change gives a new one. The
# training takes about 40 s, once; if it fails, this build runs without an archive. ROWCONV_CDS=0: no archive.
CDS_DIR="$ROOT/target/cds"
cds_flags=()
SPARK_SUBMIT_CLASS=(-cp "$JAR:$(cat "$CLASSPATH_FILE")" org.apache.spark.deploy.SparkSubmit)

record_cds_archive() {
  local recording="$CDS_DIR/.rowconv-$cds_key.$$.jsa" status=0 pid
  echo "submit.sh: recording a class-data archive for faster start-up (a training run of the example, once per" \
    "build, about 40 s; ROWCONV_CDS=0 turns it off)" >&2
  rm -rf "$CDS_DIR"/rowconv-*.jsa "$CDS_DIR"/rowconv-*.failed "$CDS_DIR"/.rowconv-*.jsa "$CDS_DIR/work"
  # the job's own options, then a local master (later options win)
  SPARK_LOCAL_IP=127.0.0.1 java "${JAVA_FLAGS[@]}" "-XX:ArchiveClassesAtExit=$recording" "-Xlog:cds*=off" \
    "${SPARK_SUBMIT_CLASS[@]}" "${submit_opts[@]}" --master 'local[1]' --name rowconv-cds-training \
    --conf spark.driver.host=127.0.0.1 --conf spark.ui.enabled=false --class "$MAIN_CLASS" "$JAR" \
    example --dir "$CDS_DIR/work" --config "$CONF_DIR/rowconv.properties" > "$CDS_DIR/training.log" 2>&1 < /dev/null &
  pid=$!
  # a stop request during the training stops it and this script (the job has not started)
  trap 'kill -TERM "$pid" 2>/dev/null; wait "$pid" || true; rm -f "$recording"; exit 143' TERM INT HUP
  wait "$pid" || status=$?
  trap - TERM INT HUP
  rm -rf "$CDS_DIR/work"
  if [[ $status -eq 0 && -s "$recording" ]]; then
    mv -f "$recording" "$CDS_DIR/rowconv-$cds_key.jsa" || true
  else
    rm -f "$recording"
    touch "$CDS_DIR/rowconv-$cds_key.failed" || true
    echo "submit.sh: no class-data archive (training run exit $status, see $CDS_DIR/training.log); running without" >&2
  fi
}

java_bin="$(command -v java || true)"
is_job=""
if [[ ( "$first" == run || "$first" == example || "$first" == --* ) && " $* " != *" --help "* \
    && " $* " != *" -h "* ]]; then
  is_job=1
fi
if [[ "${ROWCONV_CDS:-1}" != 0 && -n "$java_bin" ]]; then
  cds_key="$(printf '%s %s %s' "$(readlink -f "$java_bin")" "$(stat -c '%Y %s' "$JAR" 2>/dev/null)" \
    "$(stat -c '%Y %s' "$CLASSPATH_FILE" 2>/dev/null)" | cksum | cut -d' ' -f1)"
  cds_archive="$CDS_DIR/rowconv-$cds_key.jsa"
  # (a checkout where target/cds cannot be written runs without an archive)
  if [[ ! -f "$cds_archive" && -n "$is_job" && ! -f "$CDS_DIR/rowconv-$cds_key.failed" ]] \
      && mkdir -p "$CDS_DIR" 2>/dev/null && [[ -w "$CDS_DIR" ]]; then
    record_cds_archive
  fi
  if [[ -f "$cds_archive" ]]; then
    cds_flags=("-XX:SharedArchiveFile=$cds_archive" "-Xlog:cds*=off")
  fi
fi

exec java "${JAVA_FLAGS[@]}" "${cds_flags[@]}" "${SPARK_SUBMIT_CLASS[@]}" "${submit_opts[@]}" --class "$MAIN_CLASS" \
  "${extra[@]}" "$JAR" "${args[@]}"
