#!/usr/bin/env python3
"""Where a rowconv run's time went, from its Spark event log (spark.eventLog.enabled=true).

    python3 bench/keyed_events.py EVENT_LOG_DIR_OR_FILE [--tasks]

Prints one line of key=value pairs:
  shuffle_mb     bytes every stage wrote to the shuffle (a sort-merge join shuffles the input's arrays; a
                 broadcast join and the inline path write none, but for the duplicate-key check's few KB)
  plan           sort-merge when the output write's tasks read a shuffle (the joined rows), else broadcast for a
                 keyed run, "no join" for an inline one (bench/keyed-taps-bench.sh plans prints the plan text)
  to_check_s     application start to the duplicate-key check's start (session, schema inference, planning)
  check_s        the duplicate-key check (the SQL execution of ConvolutionStage's collectAsList)
  before_write_s end of the check (or of the schema jobs) to the output write's start: a broadcast's collect,
                 or the shuffle a sort-merge join's adaptive plan runs while rowconv plans its passes
  to_write_s     application start to the output write's start (the fixed cost before the first row is written)
  write_s        the output write's stage(s): read (or shuffle read + join), convolve, write Parquet
  write_tasks    its task count; task_s min/max the spread of its tasks' durations
  busy           the write stage's task seconds / (cores x its wall seconds): below 1, cores sat idle
  gc_s           JVM GC time summed over all tasks
With --tasks, one line per task as well.
"""
import glob
import json
import os
import subprocess
import sys


def events(path):
    # a folder: spark.eventLog.dir (one log file, or a rolling log's eventlog_v2_* folder of events_* files)
    files = [path]
    if os.path.isdir(path):
        files = sorted(f for f in glob.glob(os.path.join(path, "**", "*"), recursive=True)
                       if os.path.isfile(f) and (os.path.basename(f).startswith(("events_", "local-", "app-"))))
    for f in files:
        data = open(f, "rb").read()
        if f.endswith(".zstd"):
            data = subprocess.run(["zstd", "-dc", f], capture_output=True, check=True).stdout
        for line in data.decode().splitlines():
            if line.strip():
                yield json.loads(line)


def main():
    path = sys.argv[1]
    show_tasks = "--tasks" in sys.argv[2:]
    app_start = None
    cores = 1
    sql = {}  # execution id -> [description, start, end]
    stage_sql = {}  # stage id -> execution id
    stage_span = {}  # stage id -> (submitted, completed, name, tasks)
    tasks = []
    shuffle = 0
    gc = 0
    for e in events(path):
        ev = e["Event"]
        if ev == "SparkListenerApplicationStart":
            app_start = e["Timestamp"]
        elif ev == "SparkListenerEnvironmentUpdate":
            master = e["Spark Properties"].get("spark.master", "local[1]") if isinstance(
                e["Spark Properties"], dict) else dict(e["Spark Properties"]).get("spark.master", "local[1]")
            if master.startswith("local[") and master[6:-1].isdigit():
                cores = int(master[6:-1])
        elif ev.endswith("SQLExecutionStart"):
            sql[e["executionId"]] = [e["description"], e["time"], None]
        elif ev.endswith("SQLExecutionEnd"):
            sql[e["executionId"]][2] = e["time"]
        elif ev == "SparkListenerJobStart":
            exec_id = (e.get("Properties") or {}).get("spark.sql.execution.id")
            for s in e["Stage IDs"]:
                stage_sql[s] = int(exec_id) if exec_id is not None else None
        elif ev == "SparkListenerStageCompleted":
            s = e["Stage Info"]
            stage_span[s["Stage ID"]] = (s["Submission Time"], s["Completion Time"], s["Stage Name"],
                                         s["Number of Tasks"])
        elif ev == "SparkListenerTaskEnd":
            t, m = e["Task Info"], e.get("Task Metrics") or {}
            shuffle += (m.get("Shuffle Write Metrics") or {}).get("Shuffle Bytes Written", 0)
            gc += m.get("JVM GC Time", 0)
            tasks.append((e["Stage ID"], t["Index"], t["Launch Time"], t["Finish Time"], m))

    check = [v for v in sql.values() if "ConvolutionStage" in v[0]]
    writes = sorted((k, v) for k, v in sql.items() if v[0].startswith("save at"))
    out = {"shuffle_mb": "%.0f" % (shuffle / 1e6)}
    first_job = min((s[0] for s in stage_span.values()), default=app_start)
    if check:
        out["to_check_s"] = "%.2f" % ((check[0][1] - app_start) / 1e3)
        out["check_s"] = "%.2f" % ((check[0][2] - check[0][1]) / 1e3)
        before_from = check[0][2]
    else:
        before_from = None
    if writes:
        exec_id, (desc, w_start, w_end) = writes[0]  # the output's write comes first, then the rejects'
        stages = [s for s, x in stage_sql.items() if x == exec_id and s in stage_span]
        if before_from is None:
            # no check: the end of the last stage that ran before the write (schema inference)
            before_from = max((stage_span[s][1] for s in stage_span if stage_span[s][1] <= w_start),
                              default=first_job)
        wt = [t for t in tasks if t[0] in stages]
        read = sum((t[4].get("Shuffle Read Metrics") or {}).get(f, 0) for t in wt
                   for f in ("Local Bytes Read", "Remote Bytes Read"))
        out["plan"] = "sort-merge" if read else ("broadcast" if check else "no join")
        out["before_write_s"] = "%.2f" % ((w_start - before_from) / 1e3)
        out["to_write_s"] = "%.2f" % ((w_start - app_start) / 1e3)
        s0 = min(stage_span[s][0] for s in stages)
        s1 = max(stage_span[s][1] for s in stages)
        out["write_s"] = "%.2f" % ((s1 - s0) / 1e3)
        durations = [(t[3] - t[2]) / 1e3 for t in wt]
        out["write_tasks"] = str(len(wt))
        out["task_s"] = "%.1f-%.1f" % (min(durations), max(durations))
        out["busy"] = "%.2f" % (sum(durations) / (cores * (s1 - s0) / 1e3))
    out["gc_s"] = "%.1f" % (gc / 1e3)
    print(" ".join("%s=%s" % kv for kv in out.items()))
    if show_tasks:
        for stage, index, launch, finish, m in sorted(tasks, key=lambda t: t[2]):
            sw = (m.get("Shuffle Write Metrics") or {}).get("Shuffle Bytes Written", 0)
            sr = m.get("Shuffle Read Metrics") or {}
            print("  stage %d task %d at %.1f s: %.1f s (cpu %.1f, gc %.1f) rows in %d, shuffle w/r %.0f/%.0f MB, "
                  "out %.0f MB" % (stage, index, (launch - app_start) / 1e3, (finish - launch) / 1e3,
                                   m.get("Executor CPU Time", 0) / 1e9, m.get("JVM GC Time", 0) / 1e3,
                                   (m.get("Input Metrics") or {}).get("Records Read", 0), sw / 1e6,
                                   (sr.get("Local Bytes Read", 0) + sr.get("Remote Bytes Read", 0)) / 1e6,
                                   (m.get("Output Metrics") or {}).get("Bytes Written", 0) / 1e6))


if __name__ == "__main__":
    main()
