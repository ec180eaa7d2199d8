#!/usr/bin/env python3
"""Tables of bench/sql-vs-job.sh from its raw lines (work/sqlbench/results.tsv), Spark event logs and profiles.

  sql_vs_job_report.py table RESULTS             rows/s of each run, medians over the rounds, ratio sql / job
  sql_vs_job_report.py phases RESULTS            where each run's time goes (needs EVENT_LOGS=1)
  sql_vs_job_report.py profile RESULTS SAMPLES   task-thread CPU per row by what it does (needs PROFILER=...)

RESULTS columns: n k rows master run round seconds start_ms end_ms event_dir tag. SAMPLES: a folder of
TAG.samples.tsv files (io.rowconv.bench.JfrSamples). Medians over the rounds everywhere.
"""
import collections
import glob
import json
import os
import re
import statistics
import subprocess
import sys


def read_results(path):
    runs = []
    for line in open(path):
        if not line.strip():
            continue
        f = line.rstrip("\n").split("\t")
        runs.append(dict(n=f[0], k=f[1], rows=int(f[2]), master=f[3], run=f[4], round=int(f[5]), secs=float(f[6]),
                         start=int(f[7]), end=int(f[8]), events=f[9], tag=f[10]))
    return runs


def grouped(runs):
    """(n, k, rows, master) -> run name -> [runs by round], in first-seen order."""
    out = collections.OrderedDict()
    for r in runs:
        out.setdefault((r["n"], r["k"], r["rows"], r["master"]), collections.OrderedDict()).setdefault(
            r["run"], []).append(r)
    return out


def table(runs):
    names = list(collections.OrderedDict.fromkeys(r["run"] for r in runs))
    others = [x for x in names if x != "job"]
    head = ["n", "k", "rows", "master", "job s (rounds)"] + [f"{x} s (rounds)" for x in others] + ["job rows/s"]
    for x in others:
        head += [f"{x} rows/s", f"{x} / job (paired rounds)"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for (n, k, rows, master), by in grouped(runs).items():
        job = {r["round"]: r["secs"] for r in by["job"]}
        cells = [n, k, f"{rows:,}", master, " / ".join(f"{job[i]:.2f}" for i in sorted(job))]
        for x in others:
            cells.append(" / ".join(f"{r['secs']:.2f}" for r in sorted(by[x], key=lambda r: r["round"])))
        job_rate = rows / statistics.median(job.values())
        cells.append(f"{job_rate:,.0f}")
        for x in others:
            secs = {r["round"]: r["secs"] for r in by[x]}
            rate = rows / statistics.median(secs.values())
            paired = [job[i] / secs[i] for i in sorted(secs) if i in job]
            cells += [f"{rate:,.0f}", f"**{rate / job_rate:.2f}x** ({min(paired):.2f}-{max(paired):.2f})"]
        print("| " + " | ".join(cells) + " |")


def events(run):
    """The run's Spark events (its event-log folder holds one application)."""
    files = glob.glob(os.path.join(run["events"], "*", "events_*")) + glob.glob(os.path.join(run["events"], "*.zstd"))
    if not files:
        raise SystemExit(f"no event log under {run['events']} (run with EVENT_LOGS=1)")
    data = subprocess.run(["zstd", "-dc", files[0]], capture_output=True, check=True).stdout.decode() \
        if files[0].endswith(".zstd") else open(files[0]).read()
    return [json.loads(line) for line in data.splitlines() if line.strip()]


def main_stage(run):
    """The stage with the most tasks inside the run's timed window: its submit/complete times and tasks."""
    stages, tasks = {}, collections.defaultdict(list)
    for e in events(run):
        if e["Event"] == "SparkListenerStageCompleted":
            s = e["Stage Info"]
            stages[s["Stage ID"]] = (s["Submission Time"], s["Completion Time"])
        elif e["Event"] == "SparkListenerTaskEnd":
            ti, m = e["Task Info"], e["Task Metrics"]
            tasks[e["Stage ID"]].append(dict(launch=ti["Launch Time"], finish=ti["Finish Time"],
                                             rows=m["Input Metrics"]["Records Read"], run=m["Executor Run Time"],
                                             cpu=m["Executor CPU Time"] / 1e6, gc=m["JVM GC Time"]))
    inside = [s for s in stages if run["start"] <= stages[s][0] <= run["end"]]
    sid = max(inside, key=lambda s: len(tasks[s]))
    ts = sorted(tasks[sid], key=lambda t: t["launch"])
    first_end = min(t["finish"] for t in ts)
    warm = [t for t in ts if t["launch"] >= first_end - 5]  # launched once a first task had finished
    return dict(submit=stages[sid][0], complete=stages[sid][1], tasks=ts, first_end=first_end, warm=warm)


def phases(runs):
    head = ["n", "k", "master", "run", "total s", "before the main stage s", "main stage: to the first task's end s",
            "main stage: the rest s", "after it s", "warm tasks: rows/s per core", "warm tasks: GC ms"]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for (n, k, rows, master), by in grouped(runs).items():
        for name, rs in by.items():
            cols = collections.defaultdict(list)
            for r in rs:
                st = main_stage(r)
                cols["total"].append((r["end"] - r["start"]) / 1000)
                cols["before"].append((st["submit"] - r["start"]) / 1000)
                cols["first"].append((st["first_end"] - st["submit"]) / 1000)
                cols["rest"].append((st["complete"] - st["first_end"]) / 1000)
                cols["after"].append((r["end"] - st["complete"]) / 1000)
                cols["rate"].append(1000 * sum(t["rows"] for t in st["warm"]) / sum(t["run"] for t in st["warm"]))
                cols["gc"].append(sum(t["gc"] for t in st["warm"]))
            med = {c: statistics.median(v) for c, v in cols.items()}
            print(f"| {n} | {k} | {master} | {name} | {med['total']:.2f} | {med['before']:.2f} | {med['first']:.2f} | "
                  f"{med['rest']:.2f} | {med['after']:.2f} | {med['rate']:,.0f} | {med['gc']:.0f} |")


# What a task thread's CPU sample is doing: the first pattern found anywhere in its stack wins, in this order
# (the kernel runs inside the step, the step inside the expression, the expression inside the projection).
BUCKETS = [
    ("kernel (RowConvolver)", r"io\.rowconv\.kernel\."),
    ("operand checks and copy into the step's buffers (RowStep.prepare)", r"io\.rowconv\.spark\.RowStep\.prepare"),
    ("sql: the result's new array (ConvolveExpression.eval, outside the step)",
     r"io\.rowconv\.spark\.sql\.ConvolveExpression\.eval"),
    ("job: output row at its exact size (ExactOutputRow)", r"io\.rowconv\.spark\.ExactOutputRow"),
    ("sql: output row (Project's UnsafeProjection: id, signal, taps, result)", r"UnsafeProjection"),
    ("Parquet reader (column batches)",
     r"VectorizedParquetRecordReader|FileScanRDD|VectorizedColumnReader|ParquetColumnVector|RecordReaderIterator"),
    ("sql: ColumnarToRow (each batch row copied into an UnsafeRow)", r"GeneratedIteratorForCodegenStage"),
    ("job: pass iterator, row views", r"io\.rowconv\.spark\."),
    ("other (noop writer loop, task start and end)", r"."),
]


def profile(runs, samples_dir):
    """Per-row CPU of the task threads, local[1] runs only (one task at a time: samples map to tasks by time)."""
    per = collections.OrderedDict()  # (n, k, run) -> bucket -> {"warm": [us/row by round], "first": [...]}
    for r in runs:
        if r["master"] != "local[1]":
            continue
        path = os.path.join(samples_dir, r["tag"] + ".samples.tsv")
        if not os.path.exists(path):
            continue
        st = main_stage(r)
        first = [t for t in st["tasks"] if t["launch"] < st["first_end"] - 5]
        windows = {"first": [(t["launch"], t["finish"]) for t in first],
                   "warm": [(t["launch"], t["finish"]) for t in st["warm"]]}
        rows = {"first": sum(t["rows"] for t in first), "warm": sum(t["rows"] for t in st["warm"])}
        counts = {"first": collections.Counter(), "warm": collections.Counter()}
        for line in open(path):
            ts, thread, stack = line.rstrip("\n").split("\t")
            if not thread.startswith("Executor task"):
                continue
            ts = int(ts)
            for part, ws in windows.items():
                if any(a <= ts <= b for a, b in ws):
                    counts[part][next(name for name, rx in BUCKETS if re.search(rx, stack))] += 1
                    break
        key = (r["n"], r["k"], r["run"])
        for part in counts:
            for name, _ in BUCKETS + [("total", None)]:
                n = sum(counts[part].values()) if name == "total" else counts[part][name]
                per.setdefault(key, collections.OrderedDict()).setdefault(name, {"first": [], "warm": []})[
                    part].append(1000 * n / rows[part])  # samples are 1 ms: us per row
    shapes = list(collections.OrderedDict.fromkeys((n, k) for n, k, _ in per))
    names = list(collections.OrderedDict.fromkeys(run for _, _, run in per))
    for n, k in shapes:
        print(f"\nn = {n}, k = {k}, local[1]: task-thread CPU, us per row (1 ms samples; medians of "
              f"{len(per[(n, k, names[0])]['total']['warm'])} runs)")
        head = ["what"] + [f"{x}: warm tasks" for x in names] + [f"{x}: first task" for x in names]
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for name, _ in BUCKETS + [("total", None)]:
            cells = []
            for part in ("warm", "first"):
                for x in names:
                    v = per.get((n, k, x), {}).get(name, {}).get(part, [])
                    cells.append(f"{statistics.median(v):.1f}" if v and statistics.median(v) > 0.05 else "")
            if any(cells):
                print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    what, results = sys.argv[1], read_results(sys.argv[2])
    if what == "table":
        table(results)
    elif what == "phases":
        phases(results)
    elif what == "profile":
        profile(results, sys.argv[3])
    else:
        raise SystemExit(__doc__)
