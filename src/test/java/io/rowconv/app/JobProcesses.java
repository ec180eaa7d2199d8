package io.rowconv.app;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The job as schedulers run it: a JVM of its own ({@code RowconvMain}, local[2], loopback, UI off) on this
 * test's classpath, its output and errors in files. For the tests of concurrent, killed and rerun runs.
 */
final class JobProcesses {

  private JobProcesses() {}

  /** A started job process and where its output goes. */
  record Job(Process process, Path out, Path err) {

    int awaitExit() throws InterruptedException {
      if (!process.waitFor(180, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the job process did not end within 180 s");
      }
      return process.exitValue();
    }

    String stdout() throws IOException {
      return Files.readString(out);
    }

    String stderr() throws IOException {
      return Files.readString(err);
    }

    /** SIGKILL, as a lost driver or a preempted node ends it: no shutdown hook, no cleanup. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  static Job start(Path logs, String name, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-") || arg.startsWith("-Dio.netty") || arg.startsWith("-Dlog4j2")) {
        command.add(arg);
      }
    }
    command.add("-Xmx1g");
    command.add("-Dspark.master=local[2]");
    command.add("-Dspark.ui.enabled=false");
    command.add("-Dspark.driver.host=127.0.0.1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(RowconvMain.class.getName());
    command.addAll(List.of(args));
    Files.createDirectories(logs);
    Path out = logs.resolve(name + ".out");
    Path err = logs.resolve(name + ".err");
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    builder.environment().put("OPENBLAS_NUM_THREADS", "1");
    return new Job(builder.start(), out, err);
  }
}
