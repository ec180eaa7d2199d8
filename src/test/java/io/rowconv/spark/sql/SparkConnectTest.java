package io.rowconv.spark.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rowconv.kernel.Method;
import io.rowconv.kernel.Mode;
import io.rowconv.kernel.Operation;
import io.rowconv.kernel.Reference;
import io.rowconv.spark.ConvolutionSpec;
import io.rowconv.spark.ConvolutionStage;
import io.rowconv.spark.RowconvExtensions;
import io.rowconv.spark.UserError;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * rowconv's SQL functions through Spark Connect, the path PySpark over Connect takes. The server: a local[2]
 * driver with rowconv's extensions ({@code spark.sql.extensions}) and Spark's Connect plugin, on 127.0.0.1 at a
 * free port. The client: Spark's own Spark Connect JVM client in a JVM of its own ({@link ConnectClientMain},
 * run once for the class by {@link ConnectClientProcess}), calling the functions by name through SQL,
 * {@code functions.call_function}, {@code expr} and {@link RowconvFunctions} on a DataFrame it builds. Each test
 * checks part of what the client received: results against the reference, rowconv_check's reasons, refusals
 * with their messages. Also: {@link ConvolutionStage#apply} given a Connect DataFrame points at the functions.
 * The server stops with its session in {@link #stopServer()}, whatever happened; the client's JVM is ended by
 * {@link ConnectClientProcess} in every outcome.
 */
class SparkConnectTest {

  private static final Path LOGS = Path.of("target", "connect-test");

  private static SparkSession server;
  private static int port;
  private static String url;
  /** What the client printed, name to value. */
  private static Map<String, String> received;

  @BeforeAll
  static void startServerAndRunClient() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    server = SparkSession.builder()
        .master("local[2]")
        .appName("rowconv-connect-test")
        .config("spark.sql.extensions", RowconvExtensions.class.getName())
        // Spark Connect's server as a driver plugin: it starts and stops with the SparkContext
        .config("spark.plugins", "org.apache.spark.sql.connect.SparkConnectPlugin")
        .config("spark.connect.grpc.binding.address", "127.0.0.1")
        .config("spark.connect.grpc.binding.port", port)
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.warehouse.dir", Files.createTempDirectory("rowconv-warehouse").toString())
        .getOrCreate();
    assertThat(server.sparkContext().getConf().get("spark.plugins", ""))
        .as("a new SparkContext with the Connect plugin (not one left running by another test class)")
        .contains("SparkConnectPlugin");
    url = "sc://127.0.0.1:" + port;
    received = ConnectClientProcess.run(url, LOGS);
  }

  @AfterAll
  static void stopServer() throws IOException {
    if (server != null) {
      server.stop();
      server = null;
      // the Connect server stopped with the session: its port is free again
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertThat(socket.getLocalPort()).isEqualTo(port);
      }
    }
  }

  @Test
  void client_isSparksConnectClient() {
    assertThat(received.get("session")).isEqualTo("org.apache.spark.sql.connect.SparkSession");
  }

  @Test
  void sql_workedExample_matchesScipy_andTheFloat32Variant() {
    // scipy.signal.convolve([0,0,1,0,0,2,0,0,0], [0,1,2,0], mode)
    assertThat(doubles("sql.full")).containsExactly(0, 0, 0, 1, 2, 0, 2, 4, 0, 0, 0, 0);
    assertThat(doubles("sql.same")).containsExactly(0, 0, 1, 2, 0, 2, 4, 0, 0);
    assertThat(doubles("sql.valid")).containsExactly(1, 2, 0, 2, 4, 0);
    Reference.assertWithinMethodContract("sql correlate", Method.AUTO, Operation.CORRELATE, Mode.SAME,
        new double[] {0, 0, 1, 0, 0, 2, 0, 0, 0}, new double[] {0, 1, 2, 0}, doubles("sql.correlate"));
    assertThat(received.get("sql.f32.type")).isEqualTo("array<float>");
    assertThat(doubles("sql.f32")).containsExactly(0.5, 1.5, 2.5, 1.5);
  }

  @Test
  void sql_bankAndImages_matchScipy() {
    // scipy.signal.convolve([1,2,3], [1,1], 'full') and ([1,2,3], [0,1,0], 'full')
    assertThat(received.get("sql.bank")).as(errors()).isEqualTo("[[1.0, 3.0, 5.0, 3.0], [0.0, 1.0, 2.0, 3.0, 0.0]]");
    // scipy.signal.convolve2d([[1,2],[3,4]], [[1,1]], 'full')
    assertThat(received.get("sql.2d.full")).as(errors()).isEqualTo("[[1.0, 3.0, 2.0], [3.0, 7.0, 4.0]]");
    // scipy.signal.correlate2d([[1,2,3],[4,5,6]], [[1,0],[0,2]], 'same', 'wrap')
    assertThat(received.get("sql.2d.correlate_same_wrap")).as(errors())
        .isEqualTo("[[11.0, 14.0, 11.0], [8.0, 11.0, 8.0]]");
  }

  @Test
  void dataFrameBuiltOnTheClient_callFunctionExprAndRowconvFunctions_matchTheReference() {
    assertThat(received.get("df.rows")).as(errors()).isEqualTo("6");
    for (int id = 0; id < 6; id++) {
      String at = "df." + id;
      double[] x = doubles(at + ".x");
      double[] h = doubles(at + ".h");
      assertThat(x.length).as(at).isGreaterThanOrEqualTo(3);
      Reference.assertWithinMethodContract(at + " call_function(x, h)", Method.AUTO, Operation.CONVOLVE,
          Mode.SAME, x, h, doubles(at + ".convolve_same"));
      Reference.assertWithinMethodContract(at + " call_function(x, h, 'full', 'fft')", Method.FFT,
          Operation.CORRELATE, Mode.FULL, x, h, doubles(at + ".correlate_full_fft"));
      Reference.assertWithinMethodContract(at + " expr", Method.AUTO, Operation.CONVOLVE, Mode.FULL, x, h,
          doubles(at + ".expr_full"));
      Reference.assertWithinMethodContract(at + " RowconvFunctions", Method.AUTO, Operation.CONVOLVE, Mode.VALID,
          x, h, doubles(at + ".valid"));
    }
    // row 0 is shorter than its filter: mode same keeps the signal's length, as scipy does
    assertThat(doubles("df.0.convolve_same")).hasSize(3);
  }

  @Test
  void check_givesTheJobsReasonsToTheClient_andFilters() {
    assertThat(received.get("check.1")).as(errors()).isEqualTo("null");
    assertThat(received.get("check.2")).isEqualTo("null_array | x: value is null");
    assertThat(received.get("check.3")).startsWith("empty_array | h: ");
    assertThat(received.get("check.4")).isEqualTo("null_element | x: element 1 is null");
    assertThat(received.get("check.5")).startsWith("non_finite | x: element 1 is Infinity (use --non-finite");
    assertThat(received.get("check.good_ids")).isEqualTo("[1]");
  }

  @Test
  void refusedCalls_reachTheClientWithTheirMessages() {
    assertThat(received.get("refused.mode_column")).startsWith("ERROR org.apache.spark.sql.AnalysisException")
        .contains("rowconv_convolve: the mode (3rd argument) must be a constant, such as a string literal, not");
    assertThat(received.get("refused.unknown_mode")).startsWith("ERROR ")
        .contains("rowconv_convolve: the mode (3rd argument): Unknown mode 'middle': expected one of "
            + "full, same, valid, causal");
    // ANSI mode is on by default in Spark 4: the bad row fails the query, at run time, on the server
    assertThat(received.get("refused.empty_ansi")).startsWith("ERROR ")
        .contains("rowconv_convolve: 2nd argument (h, the taps): array is empty (scipy raises on empty input) "
            + "[empty_array; with spark.sql.ansi.enabled=false such rows give null");
    // the client's session turns ANSI off: the same row gives null
    assertThat(received.get("ansi_off.empty")).isEqualTo("null");
  }

  @Test
  void convolutionStage_givenASparkConnectDataFrame_pointsAtTheSqlFunctions() {
    // Spark Connect's client as spark-connect bundles it, in this JVM: a Connect DataFrame next to classic Spark
    SparkSession connect = SparkSession.builder().connect().remote(url).getOrCreate();
    try {
      Dataset<Row> df = connect.sql("select array(1d, 2d, 3d) x, array(1d, 1d) h");
      assertThat(df.getClass().getName()).isEqualTo("org.apache.spark.sql.connect.Dataset");
      ConvolutionSpec spec = ConvolutionSpec.builder().signalColumn("x").tapsColumn("h").build();
      assertThatThrownBy(() -> ConvolutionStage.apply(df, spec))
          .isInstanceOf(UserError.class)
          .hasMessageStartingWith("ConvolutionStage.apply needs a DataFrame of a classic SparkSession, not "
              + "org.apache.spark.sql.connect.Dataset")
          .hasMessageContaining("over Spark Connect, call rowconv's SQL functions (README, \"From PySpark and SQL\")");
    } finally {
      connect.stop();
    }
  }

  /** A printed array, {@code [a, b, ...]}; fails naming the client's errors if the line is missing. */
  private static double[] doubles(String name) {
    String value = received.get(name);
    assertThat(value).as(name + "; " + errors()).isNotNull().startsWith("[");
    String inner = value.substring(1, value.length() - 1).trim();
    return inner.isEmpty() ? new double[0]
        : Arrays.stream(inner.split(", ")).mapToDouble(Double::parseDouble).toArray();
  }

  /** The client's failed calls, for assertion messages. */
  private static String errors() {
    StringBuilder errors = new StringBuilder("client errors: ");
    received.forEach((name, value) -> {
      if (value.startsWith("ERROR ") && !name.startsWith("refused.")) {
        errors.append(name).append(" = ").append(value).append("; ");
      }
    });
    return errors.append("(client log in ").append(LOGS).append(")").toString();
  }
}
