"""rowconv's SQL functions from PySpark, in a classic session or over Spark Connect.

NOT RUN BY THE TESTS: PySpark is not installed on the machines this project is built and tested on, and cannot
be installed there. The calls below are, one for one, those that Spark's own Spark Connect JVM client makes in
src/test/java/io/rowconv/spark/sql/ConnectClientMain.java, whose results SparkConnectTest checks in
`mvn -B verify`: same queries, rows made by the same formulas, same expected values and messages. This script
asserts what that test asserts, and prints one line if every call gave what it expects. The functions are
resolved by name on the server side, so the client's language does not enter. (The one call that test makes
through RowconvFunctions, a Java wrapper, is call_function(..., "valid") here, which is what that wrapper sends.)

Classic PySpark (build the jar first: mvn -B -DskipTests package):

    spark-submit --jars target/rowconv.jar \\
        --conf spark.sql.extensions=io.rowconv.spark.RowconvExtensions \\
        --conf spark.executor.extraJavaOptions=--add-modules=jdk.incubator.vector \\
        --conf spark.driver.extraJavaOptions=--add-modules=jdk.incubator.vector \\
        examples/pyspark_rowconv.py

Spark Connect (the server has the jar and the setting; the client needs only PySpark 4.2, e.g.
`pip install pyspark-client==4.2.0`):

    $SPARK_HOME/sbin/start-connect-server.sh --jars target/rowconv.jar \\
        --conf spark.sql.extensions=io.rowconv.spark.RowconvExtensions \\
        --conf spark.connect.grpc.binding.address=127.0.0.1 --conf spark.connect.grpc.binding.port=15002
    python examples/pyspark_rowconv.py sc://127.0.0.1:15002
"""

import math
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def reference(x, h, mode="same", op="convolve"):
    """scipy.signal.convolve / correlate(x, h, mode) for real 1-D inputs, the plain O(n*k) loop."""
    if op == "correlate":
        h = h[::-1]
    n, k = len(x), len(h)
    full = [sum(x[i - j] * h[j] for j in range(k) if 0 <= i - j < n) for i in range(n + k - 1)]
    if mode == "full":
        return full
    if mode == "same":
        start = (k - 1) // 2
        return full[start:start + n]
    if mode == "valid":
        start = min(n, k) - 1
        return full[start:start + abs(n - k) + 1]
    raise ValueError(mode)


def assert_close(what, actual, expected):
    assert len(actual) == len(expected), (what, len(actual), len(expected))
    scale = max([1.0] + [abs(v) for v in expected])
    for i, (a, e) in enumerate(zip(actual, expected)):
        assert math.isclose(a, e, rel_tol=1e-9, abs_tol=1e-9 * scale), (what, i, a, e)


def refused(what, call, message):
    """Runs a call the server refuses; the error the client receives names the function and the problem."""
    try:
        call()
    except Exception as e:  # AnalysisException at analysis; a Spark error at run time
        assert message in str(e), (what, str(e))
        print(what, "refused:", message)
        return
    raise AssertionError(what + " was not refused")


def main(remote=None):
    spark = SparkSession.builder.remote(remote).getOrCreate() if remote else SparkSession.builder.getOrCreate()

    # Through SQL: the worked example in every mode (scipy's values), and the float32 variant.
    row = spark.sql("select rowconv_convolve(x, h, 'full'), rowconv_convolve(x, h, 'same'), "
                    "rowconv_convolve(x, h, 'valid'), rowconv_correlate(x, h) "
                    "from values (array(0, 0, 1, 0, 0, 2, 0, 0, 0), array(0, 1, 2, 0)) as t(x, h)").first()
    assert list(row[0]) == [0, 0, 0, 1, 2, 0, 2, 4, 0, 0, 0, 0]
    assert list(row[1]) == [0, 0, 1, 2, 0, 2, 4, 0, 0]
    assert list(row[2]) == [1, 2, 0, 2, 4, 0]
    assert_close("sql correlate", row[3], reference([0, 0, 1, 0, 0, 2, 0, 0, 0], [0, 1, 2, 0], "same", "correlate"))
    f32 = spark.sql("select rowconv_convolve_f32(cast(array(1, 2, 3) as array<float>), "
                    "cast(array(0.5, 0.5) as array<float>), 'full') y")
    assert f32.schema["y"].dataType.simpleString() == "array<float>"
    assert list(f32.first()["y"]) == [0.5, 1.5, 2.5, 1.5]

    # On a DataFrame built here: call_function with and without mode and method, and expr.
    shapes = [(3, 6), (9, 4), (40, 7), (97, 16), (256, 33), (1000, 5)]  # row 0 is shorter than its filter
    rows = [(i, [math.sin(0.37 * t + i) + 0.25 * math.cos(3.1 * t) for t in range(n)],
             [math.cos(0.5 * j + i) / (j + 1) for j in range(k)]) for i, (n, k) in enumerate(shapes)]
    signals = spark.createDataFrame(rows, "id int, x array<double>, h array<double>")
    out = signals.select(
        "id", "x", "h",
        F.call_function("rowconv_convolve", F.col("x"), F.col("h")).alias("convolve_same"),
        F.call_function("rowconv_correlate", F.col("x"), F.col("h"), F.lit("full"), F.lit("fft"))
        .alias("correlate_full_fft"),
        F.expr("rowconv_convolve(x, h, 'full')").alias("expr_full"),
        F.call_function("rowconv_convolve", F.col("x"), F.col("h"), F.lit("valid")).alias("valid"),
    ).orderBy("id").collect()
    assert len(out) == 6
    for r in out:
        x, h = list(r["x"]), list(r["h"])
        assert_close(f"row {r['id']} same", r["convolve_same"], reference(x, h, "same"))
        assert_close(f"row {r['id']} correlate full fft", r["correlate_full_fft"], reference(x, h, "full", "correlate"))
        assert_close(f"row {r['id']} expr full", r["expr_full"], reference(x, h, "full"))
        assert_close(f"row {r['id']} valid", r["valid"], reference(x, h, "valid"))
    assert len(out[0]["convolve_same"]) == 3  # mode same keeps the signal's length, as scipy does

    # rowconv_check: null for a row the job would compute, else its reject reason and message; and as a filter.
    checked = spark.createDataFrame([
        (1, [1.0, 2.0, 3.0], [1.0, 1.0]),
        (2, None, [1.0]),
        (3, [1.0], []),
        (4, [1.0, None, 3.0], [1.0]),
        (5, [1.0, float("inf")], [1.0]),
    ], "id int, x array<double>, h array<double>")
    reasons = {r["id"]: r["c"] for r in checked.select(
        "id", F.call_function("rowconv_check", F.col("x"), F.col("h")).alias("c")).collect()}
    assert reasons[1] is None
    assert (reasons[2]["reason"], reasons[2]["message"]) == ("null_array", "x: value is null")
    assert reasons[3]["reason"] == "empty_array" and reasons[3]["message"].startswith("h: ")
    assert (reasons[4]["reason"], reasons[4]["message"]) == ("null_element", "x: element 1 is null")
    assert reasons[5]["reason"] == "non_finite"
    assert reasons[5]["message"].startswith("x: element 1 is Infinity (use --non-finite")
    good = checked.where(F.call_function("rowconv_check", F.col("x"), F.col("h")).isNull()).select("id")
    assert [r["id"] for r in good.collect()] == [1]

    # Refused calls: mode and method must be constants (checked at analysis); a row the kernel cannot compute
    # fails the query under ANSI mode (Spark 4's default) and gives null once ANSI mode is off.
    refused("a mode from a column", lambda: signals.select(F.call_function(
        "rowconv_convolve", F.col("x"), F.col("h"),
        F.when(F.col("id") == 1, F.lit("full")).otherwise(F.lit("same")))).collect(),
        "rowconv_convolve: the mode (3rd argument) must be a constant, such as a string literal, not")
    refused("an unknown mode", lambda: spark.sql("select rowconv_convolve(array(1d), array(1d), 'middle')").collect(),
            "rowconv_convolve: the mode (3rd argument): Unknown mode 'middle': expected one of "
            "full, same, valid, causal")
    empty_taps = "select rowconv_convolve(array(1d, 2d), cast(array() as array<double>)) y"
    refused("empty taps under ANSI", lambda: spark.sql(empty_taps).collect(),
            "rowconv_convolve: 2nd argument (h, the taps): array is empty (scipy raises on empty input) "
            "[empty_array; with spark.sql.ansi.enabled=false such rows give null")
    spark.conf.set("spark.sql.ansi.enabled", "false")
    assert spark.sql(empty_taps).first()["y"] is None

    print("rowconv over", type(spark).__module__ + "." + type(spark).__name__, ": every call as expected")
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
