package io.rowconv.app;

import io.rowconv.spark.RowconvExtensions;
import io.rowconv.spark.UserError;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;

/**
 * The command-line entry point: parses, resolves the configuration, runs the command, stops Spark, and
 * turns the outcome into an {@link ExitCode}. No computing happens here.
 */
public final class RowconvMain {

  private RowconvMain() {}

  public static void main(String[] args) {
    // Spark ends the JVM itself (exit 52) when a task thread of a local run runs out of memory, which can
    // happen before the failure reaches execute's handler: say so from a shutdown hook.
    AtomicBoolean finished = new AtomicBoolean();
    Runtime.getRuntime().addShutdownHook(new Thread(
        unfinishedRunNotice(() -> finished.get() || MEMORY_HINT_PRINTED.get(), System.err),
        "rowconv-unfinished-run"));
    ExitCode code = execute(args, RowconvMain::createSession, true, System.out, System.err);
    finished.set(true);
    System.exit(code.code());
  }

  /**
   * Runs one command. {@code sessions} is asked for a SparkSession only once the arguments are valid;
   * it is stopped afterwards when {@code stopSession} is set.
   */
  static ExitCode execute(
      String[] args, Supplier<SparkSession> sessions, boolean stopSession, PrintStream out, PrintStream err) {
    SparkSession spark = null;
    boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
    try {
      CommandLine commandLine = CommandLine.parse(args);
      if (commandLine.help()) {
        out.print(HelpText.render());
        return ExitCode.SUCCESS;
      }
      switch (commandLine.command()) {
        case "run" -> {
          JobConfig config = JobConfig.resolve(commandLine.options());
          spark = sessions.get();
          RunSummary summary = new ConvolutionJob(spark, config).run();
          out.println(summary.toText());
        }
        case "generate" -> {
          GenerateCommand command = GenerateCommand.parse(commandLine.options());
          spark = sessions.get();
          long rows = command.write(spark);
          out.println("rowconv: wrote " + rows + " synthetic rows to " + command.output());
        }
        case "example" -> {
          spark = sessions.get();
          ExampleRun.run(spark, commandLine.options(), out);
        }
        default -> throw new AssertionError(commandLine.command());
      }
      return ExitCode.SUCCESS;
    } catch (UserError e) {
      err.println("rowconv: error: " + e.getMessage());
      if (e.getCause() != null) {
        if (verbose) {
          e.getCause().printStackTrace(err);
        } else {
          err.println("(--verbose shows the stack trace behind it)");
        }
      }
      return ExitCode.of(e);
    } catch (Exception e) {
      // Scala code throws AnalysisException (a checked exception to Java) without declaring it.
      if (e instanceof AnalysisException) {
        err.println("rowconv: error: Spark cannot run the job on this input as requested: " + e.getMessage());
        return ExitCode.INPUT;
      }
      return runtimeFailure(e, err);
    } catch (Error e) {
      return runtimeFailure(e, err);
    } finally {
      if (spark != null && stopSession) {
        spark.stop();
      }
    }
  }

  private static ExitCode runtimeFailure(Throwable failure, PrintStream err) {
    err.println("rowconv: the run failed (exit " + ExitCode.RUNTIME_FAILURE.code() + "):");
    failure.printStackTrace(err);
    if (ranOutOfMemory(failure)) {
      err.println(OUT_OF_MEMORY_HINT);
      MEMORY_HINT_PRINTED.set(true);
    }
    return ExitCode.RUNTIME_FAILURE;
  }

  static final String OUT_OF_MEMORY_HINT = "rowconv: a task ran out of memory. " + memoryAdvice();

  private static String memoryAdvice() {
    return "A task holds one reader batch "
        + "(spark.sql.parquet.columnarReaderBatchSize rows, 512 unless set; up to 48 bytes per array element of "
        + "those rows) plus about 45-55 bytes per output sample of its longest row. Give the executors more memory "
        + "(--executor-memory; for local runs --driver-memory, or DRIVER_MEMORY without a Spark distribution), or, "
        + "for rows of millions of samples, set spark.sql.columnVector.offheap.enabled=true to keep the reader's "
        + "vectors off the heap (then count them in spark.executor.memoryOverhead). See \"Memory\" in "
        + "docs/DESIGN.md.";
  }

  /** How a task's memory failure reads in the failure that reaches the driver. */
  private static final List<String> OUT_OF_MEMORY_SIGNS = List.of(
      OutOfMemoryError.class.getName(),
      "exited with code 52", "exit code 52", "exit code: 52", // Spark's exit code for an OutOfMemoryError
      "exceeding memory limits", // YARN killed the container
      "OOMKilled"); // Kubernetes killed the pod

  /**
   * Whether {@code failure} is, or was caused by, running out of memory. A task's error reaches the driver as
   * text inside Spark's job-aborted message (or as the lost executor's exit), so the messages are searched as
   * well as the causes.
   */
  static boolean ranOutOfMemory(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof OutOfMemoryError) {
        return true;
      }
      String message = t.getMessage();
      if (message != null && OUT_OF_MEMORY_SIGNS.stream().anyMatch(message::contains)) {
        return true;
      }
    }
    return false;
  }

  static final String UNFINISHED_RUN_NOTICE = "rowconv: the JVM is stopping before the command finished. If "
      + "the exit code is 52 (Spark ends a JVM with 52 when it runs out of memory), a task ran out of memory. "
      + memoryAdvice();

  /** Set once the failure handler has printed {@link #OUT_OF_MEMORY_HINT}: the shutdown hook need not repeat it. */
  private static final AtomicBoolean MEMORY_HINT_PRINTED = new AtomicBoolean();

  /** A shutdown hook's work: the notice, unless {@code done} says the command has finished or said it all. */
  static Runnable unfinishedRunNotice(BooleanSupplier done, PrintStream err) {
    return () -> {
      if (!done.getAsBoolean()) {
        err.println(UNFINISHED_RUN_NOTICE);
        err.flush();
      }
    };
  }

  /**
   * The job's own session, with rowconv's extensions (its output rows are then planned without a second copy,
   * which lets a 10-million-sample row run in a 1 GB heap) unless the configuration names them already.
   */
  private static SparkSession createSession() {
    SparkConf conf = new SparkConf();
    SparkSession.Builder builder = SparkSession.builder().appName("rowconv");
    if (!conf.contains("spark.master")) {
      builder = builder.master("local[*]"); // plain `java -cp` runs; spark-submit always sets a master
    }
    if (!conf.get(EXTENSIONS, "").contains(RowconvExtensions.class.getName())) {
      builder = builder.withExtensions(new RowconvExtensions());
    }
    return builder.getOrCreate();
  }

  private static final String EXTENSIONS = "spark.sql.extensions";
}
