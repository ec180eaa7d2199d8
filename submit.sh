#!/usr/bin/env bash
# rowconv launcher: the one way to run the job, locally or on a cluster.
#
#   ./submit.sh example                                  # built-in example (local Spark)
#   ./submit.sh --input IN --output OUT [options]        # the job; ./submit.sh --help lists every option
#   ./submit.sh generate --output PATH --rows R --n N --k K
#   ./submit.sh cds                                      # optional: record a class-data archive (below)
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
if [[ "$first" != generate && "$first" != help && "$first" != cds && " $* " != *" --config "* \
    && " $* " != *" --config="* ]]; then
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
  if [[ "$first" == cds ]]; then
    echo "submit.sh: cds is for runs without a Spark distribution (this one uses $SPARK_SUBMIT)" >&2
    exit 2
  fi
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

SPARK_SUBMIT_CLASS=(-cp "$JAR:$(cat "$CLASSPATH_FILE")" org.apache.spark.deploy.SparkSubmit)

# Class-data sharing, only when asked for. `./submit.sh cds` runs the built-in example once (local[1], about
# 40 s, its files under target/cds) and records the classes the JVM loads (Spark, Scala, Arrow, ...) in an
# archive for this java, jar and classpath; later runs of the same build map it instead of loading those
# classes from the jars, and start about 3 s sooner (docs/PERFORMANCE.md). A rebuild or another java needs a
# new one; delete target/cds to stop using it. It applies only to runs without a Spark distribution.
CDS_DIR="$ROOT/target/cds"
cds_archive=""
if java_bin="$(command -v java)"; then
  cds_key="$(printf '%s %s %s' "$(readlink -f "$java_bin")" "$(stat -c '%Y %s' "$JAR")" \
    "$(stat -c '%Y %s' "$CLASSPATH_FILE")" | cksum | cut -d' ' -f1)"
  cds_archive="$CDS_DIR/rowconv-$cds_key.jsa"
fi
if [[ "$first" == cds ]]; then
  [[ -n "$cds_archive" ]] || { echo "submit.sh: cds needs java on PATH" >&2; exit 2; }
  mkdir -p "$CDS_DIR" && rm -rf "$CDS_DIR"/rowconv-*.jsa "$CDS_DIR/work"
  echo "submit.sh: recording $cds_archive from a run of the example (about 40 s)" >&2
  java "${JAVA_FLAGS[@]}" "-XX:ArchiveClassesAtExit=$cds_archive" "-Xlog:cds*=off" "${SPARK_SUBMIT_CLASS[@]}" \
    "${submit_opts[@]}" --master 'local[1]' --conf spark.driver.host=127.0.0.1 --conf spark.ui.enabled=false \
    --class "$MAIN_CLASS" "$JAR" example --dir "$CDS_DIR/work" --config "$CONF_DIR/rowconv.properties"
  rm -rf "$CDS_DIR/work"
  exit 0
fi
cds_flags=()
if [[ -n "$cds_archive" && -f "$cds_archive" ]]; then
  cds_flags=("-XX:SharedArchiveFile=$cds_archive" "-Xlog:cds*=off")
fi

exec java "${JAVA_FLAGS[@]}" "${cds_flags[@]}" "${SPARK_SUBMIT_CLASS[@]}" "${submit_opts[@]}" --class "$MAIN_CLASS" \
  "${extra[@]}" "$JAR" "${args[@]}"
