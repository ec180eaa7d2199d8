package io.rowconv.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * The CPU samples of a JFR recording (async-profiler's {@code file=....jfr} output, or the JDK's own), one per
 * line, for bench/sql_vs_job_profile.py: {@code epoch_ms TAB thread TAB root;...;leaf}, frames as
 * {@code class.method}. Threads without a Java name (JIT compiler, GC) are {@code os:NAME}.
 *
 * <pre>
 *   java -cp bench/target/original-benchmarks.jar io.rowconv.bench.JfrSamples run.jfr > run.samples.tsv
 * </pre>
 */
public final class JfrSamples {

  private JfrSamples() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: JfrSamples RECORDING.jfr");
    }
    BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
    try (RecordingFile recording = new RecordingFile(Path.of(args[0]))) {
      StringBuilder line = new StringBuilder();
      while (recording.hasMoreEvents()) {
        RecordedEvent event = recording.readEvent();
        if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
          continue;
        }
        line.setLength(0);
        line.append(event.getStartTime().toEpochMilli()).append('\t')
            .append(threadName(event.getThread("sampledThread"))).append('\t');
        appendFrames(line, event.getStackTrace());
        out.append(line).append('\n');
      }
    }
    out.flush();
  }

  private static String threadName(RecordedThread thread) {
    if (thread == null) {
      return "?";
    }
    return thread.getJavaName() != null ? thread.getJavaName() : "os:" + thread.getOSName();
  }

  private static void appendFrames(StringBuilder line, RecordedStackTrace stack) {
    List<RecordedFrame> frames = stack.getFrames(); // leaf first
    for (int i = frames.size() - 1; i >= 0; i--) {
      RecordedMethod method = frames.get(i).getMethod();
      String type = method.getType() == null ? "" : method.getType().getName();
      line.append(type.isEmpty() ? "" : type + ".").append(method.getName());
      if (i > 0) {
        line.append(';');
      }
    }
  }
}
