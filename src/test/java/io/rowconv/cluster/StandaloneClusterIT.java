package io.rowconv.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.rowconv.spark.SparkTestBase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The job on a real Spark standalone cluster (scripts/local-cluster.sh: a Master and two 1-core Workers on
 * 127.0.0.1), submitted through submit.sh exactly as a user would: same output as local mode, also when an
 * executor is SIGKILLed mid-job or speculation runs duplicate attempts; a failing run exits with its code and
 * leaves no _SUCCESS. The cluster is always stopped, also when a test fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT extends SparkTestBase {

  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Path DIR = ROOT.resolve("target/cluster-it");
  private static final int ROWS = 3000;
  /** Small splits, so the job has many tasks on a small input. */
  private static final String SPLITS = "--conf spark.sql.files.maxPartitionBytes=2m";

  private static String masterUrl;
  private static Map<String, String> clusterEnv;
  private static String input;
  private static String localOutput;

  @BeforeAll
  static void startCluster() throws Exception {
    deleteRecursively(DIR);
    Files.createDirectories(DIR.resolve("logs"));
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    masterUrl = "spark://127.0.0.1:" + port;
    clusterEnv = Map.of("CLUSTER_DIR", DIR.resolve("cluster").toString(), "CLUSTER_PORT", Integer.toString(port));
    assertThat(exec("cluster-start", List.of("scripts/local-cluster.sh", "start"), clusterEnv, 120)).isZero();

    input = DIR.resolve("input").toString();
    assertThat(submit("generate", "local[2]", "", "generate", "--output", input, "--rows", "" + ROWS,
        "--n", "2048", "--k", "48", "--partitions", "12")).isZero();
    localOutput = DIR.resolve("out-local").toString();
    assertThat(submit("local-run", "local[2]", SPLITS, "--input", input, "--output", localOutput)).isZero();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    exec("cluster-stop", List.of("scripts/local-cluster.sh", "stop"), clusterEnv, 120);
  }

  @Test
  @Order(1)
  void cluster_run_equalsLocalRunRowForRow() throws Exception {
    String output = DIR.resolve("out-cluster").toString();
    assertThat(submit("cluster-run", masterUrl, SPLITS, "--input", input, "--output", output)).isZero();
    assertSameAsLocal(output);
    // every executor says which BLAS and FFT it loaded: the native OpenBLAS and FFTW the application jar ships
    List<String> blasLines = executorLogLines("rowconv BLAS: ");
    assertThat(blasLines).isNotEmpty()
        .allMatch(line -> line.contains("JNIBLAS (native library"))
        .allMatch(line -> line.contains("FFT: FFTW 3"));
  }

  @Test
  @Order(2)
  void cluster_executorKilledMidJob_outputStillIdentical() throws Exception {
    String output = DIR.resolve("out-killed").toString();
    Process job = start("cluster-killed", masterUrl, SPLITS, "--input", input, "--output", output);
    long killed = killOneExecutorOnceTasksRun(job);
    assertThat(job.waitFor(600, TimeUnit.SECONDS)).isTrue();
    assertThat(job.exitValue()).as(log("cluster-killed")).isZero();
    assertThat(killed).as("an executor JVM was killed while the job ran").isPositive();
    assertSameAsLocal(output);
  }

  @Test
  @Order(3)
  void cluster_speculation_neitherDuplicatesNorLosesRows() throws Exception {
    String output = DIR.resolve("out-speculation").toString();
    String speculation = SPLITS + " --conf spark.speculation=true --conf spark.speculation.interval=50ms"
        + " --conf spark.speculation.multiplier=1.05 --conf spark.speculation.quantile=0.1"
        + " --conf spark.speculation.minTaskRuntime=10ms";
    assertThat(submit("cluster-speculation", masterUrl, speculation, "--input", input, "--output", output)).isZero();
    assertSameAsLocal(output);
  }

  @Test
  @Order(4)
  void cluster_rejectLimitExceeded_exits4WithoutSuccessMarker() throws Exception {
    String badInput = DIR.resolve("input-bad").toString();
    assertThat(submit("generate-bad", "local[2]", "", "generate", "--output", badInput, "--rows", "200",
        "--n", "256", "--k", "8", "--bad-rows", "5")).isZero();
    String output = DIR.resolve("out-failing").toString();
    int code = submit("cluster-failing", masterUrl, "", "--input", badInput, "--output", output, "--max-rejects", "0");
    assertThat(code).as(log("cluster-failing")).isEqualTo(4);
    assertThat(Path.of(output, "_SUCCESS")).doesNotExist();
    assertThat(log("cluster-failing")).contains("5 of 200 rows were rejected");
  }

  /** A keyed run (each row's filter looked up in a taps table by key) gives the local run's rows and rejects. */
  @Test
  @Order(5)
  void cluster_keyedRun_equalsLocalRun() throws Exception {
    String keyedInput = DIR.resolve("input-keyed").toString();
    String table = DIR.resolve("taps-table").toString();
    spark.read().parquet(input).selectExpr("id", "cast(id % 10 as int) filter_id", "signal").write()
        .parquet(keyedInput);
    // filters for keys 0..8 (key 9 has none: its rows are rejected, taps_not_found)
    spark.read().parquet(input).where("id < 9").selectExpr("cast(id as int) filter_id", "taps").write()
        .parquet(table);
    String summary = runLocallyAndOnCluster("keyed", SPLITS, ROWS - ROWS / 10, ROWS / 10,
        "--input", keyedInput, "--taps-table", table, "--taps-key", "filter_id");
    assertThat(summary).contains("\"rows_read\": " + ROWS, "\"rows_written\": " + (ROWS - ROWS / 10),
        "\"taps_not_found\": " + ROWS / 10);
  }

  /** Images, each with its own kernel (--dims 2, boundary symm): the cluster gives the local run's rows and rejects. */
  @Test
  @Order(6)
  void cluster_imageRun_equalsLocalRun() throws Exception {
    String images = DIR.resolve("input-images").toString();
    int rows = 400;
    int bad = 6;
    assertThat(submit("generate-images", "local[2]", "", "generate", "--dims", "2", "--output", images, "--rows",
        "" + rows, "--n", "48", "--k", "7", "--partitions", "8", "--bad-rows", "" + bad)).isZero();
    String summary = runLocallyAndOnCluster("images", "--conf spark.sql.files.maxPartitionBytes=256k", rows - bad,
        bad, "--input", images, "--dims", "2", "--signal-col", "image", "--taps-col", "kernel", "--boundary", "symm");
    assertThat(summary).contains("\"rows_read\": " + rows, "\"rows_written\": " + (rows - bad),
        "\"rows_rejected\": " + bad);
  }

  /**
   * Runs the job with {@code args} in local mode and on the cluster (outputs out-NAME-local, out-NAME-cluster),
   * asserts both succeed with the same rows and the same rejects, {@code written} and {@code rejected} of them,
   * and returns the cluster run's summary.
   */
  private static String runLocallyAndOnCluster(String name, String submitArgs, long written, long rejected,
      String... args) throws Exception {
    String local = DIR.resolve("out-" + name + "-local").toString();
    String cluster = DIR.resolve("out-" + name + "-cluster").toString();
    for (String[] run : List.of(new String[] {name + "-local", "local[2]", local},
        new String[] {name + "-cluster", masterUrl, cluster})) {
      String[] all = java.util.Arrays.copyOf(args, args.length + 2);
      all[args.length] = "--output";
      all[args.length + 1] = run[2];
      assertThat(submit(run[0], run[1], submitArgs, all)).as(log(run[0])).isZero();
    }
    for (String suffix : List.of("", "_rejects")) {
      Dataset<Row> a = spark.read().parquet(local + suffix);
      Dataset<Row> b = spark.read().parquet(cluster + suffix);
      assertThat(b.count()).isEqualTo(suffix.isEmpty() ? written : rejected);
      assertThat(b.exceptAll(a).count()).isZero();
      assertThat(a.exceptAll(b).count()).isZero();
    }
    return Files.readString(Path.of(cluster, "_rowconv_summary.json"));
  }

  private static void assertSameAsLocal(String output) throws IOException {
    assertThat(Path.of(output, "_SUCCESS")).exists();
    Dataset<Row> local = spark.read().parquet(localOutput);
    Dataset<Row> cluster = spark.read().parquet(output);
    assertThat(cluster.count()).isEqualTo(ROWS);
    assertThat(cluster.select("id").distinct().count()).as("every id exactly once").isEqualTo(ROWS);
    assertThat(cluster.exceptAll(local).count()).as("rows only in the cluster output").isZero();
    assertThat(local.exceptAll(cluster).count()).as("rows only in the local output").isZero();
    String summary = Files.readString(Path.of(output, "_rowconv_summary.json"));
    assertThat(summary).contains("\"rows_read\": " + ROWS, "\"rows_written\": " + ROWS, "\"rows_rejected\": 0");
    // the per-method counts are accumulators of the write's result stage: exact under retries and speculation
    java.util.regex.Matcher counts = java.util.regex.Pattern
        .compile("\"rows_by_method\": \\{\"direct\": (\\d+), \"toeplitz\": (\\d+), \"fft\": (\\d+)\\}")
        .matcher(summary);
    assertThat(counts.find()).as(summary).isTrue();
    long total = 0;
    for (int group = 1; group <= 3; group++) {
      total += Long.parseLong(counts.group(group));
    }
    assertThat(total).as("rows by method in " + summary).isEqualTo(ROWS);
  }

  /** Waits until executors have run a number of tasks of this job, then SIGKILLs one executor JVM. */
  private static long killOneExecutorOnceTasksRun(Process job) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    int tasksBefore = executorLogLines("Running task").size();
    while (System.nanoTime() < deadline && job.isAlive()) {
      if (executorLogLines("Running task").size() - tasksBefore >= 12) {
        Optional<ProcessHandle> executor = executors().findFirst();
        if (executor.isPresent()) {
          long pid = executor.get().pid();
          new ProcessBuilder("kill", "-9", Long.toString(pid)).inheritIO().start().waitFor();
          return pid;
        }
      }
      Thread.sleep(100);
    }
    return -1;
  }

  /** Executor JVMs: children of the workers this test started (found by the PIDs the script wrote). */
  private static Stream<ProcessHandle> executors() throws IOException {
    List<ProcessHandle> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(DIR.resolve("cluster"))) {
      for (Path pidFile : files.filter(p -> p.getFileName().toString().matches("worker-\\d+\\.pid")).toList()) {
        long workerPid = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle.of(workerPid).ifPresent(worker -> worker.children()
            .filter(c -> c.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
            .forEach(found::add));
      }
    }
    return found.stream();
  }

  private static List<String> executorLogLines(String needle) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.walk(DIR.resolve("cluster"))) {
      for (Path file : files.filter(p -> p.getFileName().toString().equals("stderr")).toList()) {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (line.contains(needle)) {
            lines.add(line);
          }
        }
      }
    }
    return lines;
  }

  private static int submit(String name, String master, String submitArgs, String... args) throws Exception {
    Process process = start(name, master, submitArgs, args);
    if (!process.waitFor(600, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(name + " did not finish within 600 s; " + log(name));
    }
    return process.exitValue();
  }

  private static Process start(String name, String master, String submitArgs, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ROOT.resolve("submit.sh").toString());
    command.addAll(List.of(args));
    Map<String, String> env = new HashMap<>();
    env.put("SPARK_MASTER", master);
    env.put("SPARK_SUBMIT_ARGS", submitArgs);
    env.put("DRIVER_MEMORY", "1g");
    return processBuilder(name, command, env).start();
  }

  private static int exec(String name, List<String> command, Map<String, String> env, int seconds) throws Exception {
    Process process = processBuilder(name, command, env).start();
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(name + " did not finish within " + seconds + " s; " + log(name));
    }
    return process.exitValue();
  }

  private static ProcessBuilder processBuilder(String name, List<String> command, Map<String, String> env) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
        .redirectErrorStream(true).redirectOutput(DIR.resolve("logs").resolve(name + ".log").toFile());
    builder.environment().remove("SPARK_HOME"); // submit.sh must work from the Maven-resolved jars
    builder.environment().putAll(env);
    return builder;
  }

  private static String log(String name) {
    try {
      String text = Files.readString(DIR.resolve("logs").resolve(name + ".log"));
      return "log of " + name + ":\n" + text.substring(Math.max(0, text.length() - 4000));
    } catch (IOException e) {
      return "(no log of " + name + ")";
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
