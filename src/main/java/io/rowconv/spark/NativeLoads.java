package io.rowconv.spark;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Loads native libraries in the background, once per JVM and library, so that a task reads its first rows
 * while they load instead of waiting for them. Unpacking them from the application jar and linking them
 * takes about 0.45 s for OpenBLAS + FFTW and 0.42 s for Arrow's dataset library (76 MB) on the 2-core
 * reference machine, all of it inside each executor's first task otherwise.
 *
 * <p>Whoever needs a library still calls its loader (the loaders are thread-safe and block until a load in
 * progress ends), so a failed or unfinished background load changes nothing but the timing. A load runs on
 * a daemon thread of its own with the starting thread's context class loader (an executor's loader for the
 * application jar).
 */
public final class NativeLoads {

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
    Thread thread = new Thread(() -> {
      try {
        load.run();
        started.complete(null);
      } catch (Throwable t) { // complete exceptionally, whatever it is; the waiter decides what it means
        started.completeExceptionally(t);
      }
    }, "rowconv native load: " + name);
    thread.setDaemon(true);
    thread.setContextClassLoader(Thread.currentThread().getContextClassLoader());
    thread.start();
    return started;
  }

  /** Waits for {@code load} to end; rethrows what it threw (an unchecked exception or an error as it was). */
  public static void await(Future<Void> load) {
    try {
      load.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a native library to load", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("a native library failed to load", cause);
    }
  }
}
