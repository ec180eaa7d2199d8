package io.rowconv.spark;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads native libraries in the background, once per JVM and library, so that a task reads its first rows
 * while they load instead of waiting for them. Unpacking them from the application jar and linking them
 * takes about 0.45 s for OpenBLAS + FFTW and 0.42 s for Arrow's dataset library (76 MB) on the 2-core
 * reference machine, all of it inside each executor's first task otherwise.
 *
 * <p>Whoever needs a library waits for its load ({@link #await}) or calls its loader (the loaders are
 * thread-safe and block until a load in progress ends). A load runs on a daemon thread of its own with the
 * starting thread's context class loader (an executor's loader for the application jar); a failure is logged
 * there and rethrown to every waiter. "Once per JVM" is, strictly, once per class loader that loads this
 * class; the loaders of native libraries themselves keep one copy per JVM.
 */
public final class NativeLoads {

  private static final Logger LOG = LoggerFactory.getLogger(NativeLoads.class);
  private static final Map<String, CompletableFuture<Void>> STARTED = new ConcurrentHashMap<>();

  private NativeLoads() {}

  /**
   * Starts {@code load} on a background thread unless a load named {@code name} has started in this JVM;
   * returns the load named {@code name}, started now or before.
   */
  public static Future<Void> startOnce(String name, Runnable load) {
    CompletableFuture<Void> started = new CompletableFuture<>();
    CompletableFuture<Void> previous = STARTED.putIfAbsent(name, started);
    if (previous != null) {
      return previous;
    }
    Runnable task = () -> {
      try {
        load.run();
        started.complete(null);
      } catch (Throwable t) { // whatever it is: logged here, rethrown to each waiter
        LOG.warn("loading {} failed", name, t);
        started.completeExceptionally(t);
      }
    };
    try {
      Thread thread = new Thread(task, "rowconv native load: " + name);
      thread.setDaemon(true);
      thread.setContextClassLoader(Thread.currentThread().getContextClassLoader());
      thread.start();
    } catch (Throwable t) { // no thread to be had (e.g. the process's thread limit): load here, as before
      task.run();
    }
    return started;
  }

  /**
   * Waits for {@code load} to end. A failed load fails every waiter with an exception of its own (the load's
   * failure as its cause), thrown on the waiter's thread.
   */
  public static void await(Future<Void> load) {
    try {
      load.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a native library to load", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new IllegalStateException("a native library failed to load: " + cause, cause);
    }
  }
}
