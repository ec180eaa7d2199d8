package io.rowconv.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class NativeLoadsTest {

  @Test
  void startOnce_runsEachNamedLoadOnceOnAnotherThreadWithTheCallersClassLoader() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    AtomicReference<ClassLoader> loaderSeen = new AtomicReference<>();
    CountDownLatch release = new CountDownLatch(1);
    ClassLoader taskLoader = new URLClassLoader(new URL[0], getClass().getClassLoader());
    ClassLoader before = Thread.currentThread().getContextClassLoader();
    Future<Void> first;
    Future<Void> second;
    Thread.currentThread().setContextClassLoader(taskLoader);
    try {
      first = NativeLoads.startOnce("test: once", () -> {
        runs.incrementAndGet();
        ranOn.set(Thread.currentThread());
        loaderSeen.set(Thread.currentThread().getContextClassLoader());
        await(release);
      });
      second = NativeLoads.startOnce("test: once", runs::incrementAndGet);
      // the caller is not held up by the load
      assertThat(first.isDone()).isFalse();
    } finally {
      Thread.currentThread().setContextClassLoader(before);
    }
    release.countDown();
    NativeLoads.await(second);

    assertThat(second).isSameAs(first);
    assertThat(first.isDone()).isTrue();
    assertThat(runs.get()).isEqualTo(1);
    assertThat(ranOn.get()).isNotSameAs(Thread.currentThread());
    assertThat(ranOn.get().isDaemon()).isTrue();
    assertThat(loaderSeen.get()).isSameAs(taskLoader);
  }

  @Test
  void startOnce_differentNamesLoadIndependently() {
    AtomicInteger runs = new AtomicInteger();
    NativeLoads.await(NativeLoads.startOnce("test: a", runs::incrementAndGet));
    NativeLoads.await(NativeLoads.startOnce("test: b", runs::incrementAndGet));
    assertThat(runs.get()).isEqualTo(2);
  }

  @Test
  void await_failsEveryWaiterWithAnExceptionOfItsOwnCausedByTheLoadsFailure() {
    IllegalStateException failure = new IllegalStateException("native BLAS cannot load");
    Future<Void> failed = NativeLoads.startOnce("test: fails", () -> {
      throw failure;
    });
    Throwable first = catchThrowable(() -> NativeLoads.await(failed));
    Throwable second = catchThrowable(() -> NativeLoads.await(NativeLoads.startOnce("test: fails", () -> {})));
    for (Throwable thrown : List.of(first, second)) {
      assertThat(thrown).isInstanceOf(IllegalStateException.class).hasCauseReference(failure)
          .hasMessageContaining("native BLAS cannot load");
    }
    assertThat(second).as("not one shared object").isNotSameAs(first);

    UnsatisfiedLinkError linkError = new UnsatisfiedLinkError("no libfoo");
    Future<Void> unlinked = NativeLoads.startOnce("test: link error", () -> {
      throw linkError;
    });
    assertThatThrownBy(() -> NativeLoads.await(unlinked)).hasCauseReference(linkError)
        .hasMessageContaining("no libfoo");
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("test latch not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
