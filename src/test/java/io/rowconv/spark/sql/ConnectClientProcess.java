package io.rowconv.spark.sql;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@link ConnectClientMain} on Spark's own Spark Connect JVM client, in a JVM of its own, and returns what
 * it printed.
 *
 * <p>Why a process: the client jar bundles Spark's API classes ({@code spark-sql-api}, Connect's protocol) and
 * cannot share a classpath with classic Spark, which the test JVM runs as the server. Its classpath is built
 * the way Spark's launcher builds a Connect client's from a Spark distribution's {@code jars/} (remote mode of
 * {@code AbstractCommandBuilder}): the client jar first, then the test JVM's classpath without
 * {@code spark-sql}, {@code spark-sql-api}, {@code spark-connect} and {@code spark-connect-common}, the jars
 * whose classes the client replaces. Maven copies the client jar to {@link #CLIENT_JAR} (pom.xml, execution
 * {@code connect-client}).
 */
final class ConnectClientProcess {

  static final Path CLIENT_JAR = Path.of("target", "connect-client", "spark-connect-client-jvm.jar");
  /** The jars the client replaces, by file-name prefix, as Spark's launcher leaves them out in remote mode. */
  private static final List<String> REPLACED = List.of("spark-sql_", "spark-sql-api_", "spark-connect_",
      "spark-connect-common_");
  private static final long TIMEOUT_SECONDS = 180;

  private ConnectClientProcess() {}

  /**
   * Runs the client against {@code url} until it ends (killed after {@value #TIMEOUT_SECONDS} s), its output in
   * {@code logs}; returns its printed lines as name to value, in order. Fails if the client exits non-zero.
   */
  static Map<String, String> run(String url, Path logs) throws IOException, InterruptedException {
    if (!Files.isRegularFile(CLIENT_JAR)) {
      throw new IllegalStateException(CLIENT_JAR + " is missing: run the test through Maven (mvn test), whose "
          + "connect-client execution copies Spark's Connect client there");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      // Spark's module flags (the client's Arrow batches need java.nio opened) and the tests' log4j settings
      if (arg.startsWith("--add-opens") || arg.startsWith("-Dio.netty") || arg.startsWith("-Dlog4j2")) {
        command.add(arg);
      }
    }
    command.add("-Xmx512m");
    command.add("-cp");
    command.add(classpath());
    command.add(ConnectClientMain.class.getName());
    command.add(url);
    Files.createDirectories(logs);
    Path out = logs.resolve("client.out");
    Path err = logs.resolve("client.err");
    Process client = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      if (!client.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("the Connect client did not end within " + TIMEOUT_SECONDS + " s; see " + err);
      }
      if (client.exitValue() != 0) {
        throw new AssertionError("the Connect client exited with " + client.exitValue() + ":\n"
            + Files.readString(err));
      }
    } finally {
      client.destroyForcibly();
      client.waitFor(30, TimeUnit.SECONDS);
    }
    Map<String, String> printed = new LinkedHashMap<>();
    for (String line : Files.readAllLines(out)) {
      int tab = line.indexOf('\t');
      if (tab > 0) {
        printed.put(line.substring(0, tab), line.substring(tab + 1));
      }
    }
    return printed;
  }

  private static String classpath() {
    List<String> entries = new ArrayList<>();
    entries.add(CLIENT_JAR.toAbsolutePath().toString());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      if (REPLACED.stream().noneMatch(name::startsWith)) {
        entries.add(entry);
      }
    }
    return String.join(File.pathSeparator, entries);
  }
}
