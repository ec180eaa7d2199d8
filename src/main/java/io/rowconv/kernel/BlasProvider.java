package io.rowconv.kernel;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The BLAS the kernel multiplies with, chosen once per JVM (driver or executor).
 *
 * <p>The kernel itself logs nothing; {@link #description()} says what was chosen and why, and the Spark
 * stage logs it once per executor JVM.
 *
 * <p>Choice, from the system property {@value #PROPERTY} or else the environment variable
 * {@value #ENV}: {@code auto} (default) uses native OpenBLAS through netlib's JNI implementation and falls
 * back to netlib's Java implementation when native code cannot load; {@code native} insists on native
 * (failing otherwise); {@code java} uses the Java implementation (VectorBLAS when
 * {@code --add-modules jdk.incubator.vector} is given, else Java11BLAS).
 *
 * <p>Native code comes with the job: the OpenBLAS build inside {@code org.bytedeco:openblas} (linux-x86_64),
 * which the application jar carries, is unpacked to a private temporary folder and handed to netlib through
 * {@code dev.ludovic.netlib.blas.nativeLibPath}; no root and no OS package needed. If that property is
 * already set, it is respected (e.g. to use a system OpenBLAS or MKL). Set {@code OPENBLAS_NUM_THREADS=1}:
 * Spark already runs one task per core.
 */
public final class BlasProvider {

  public static final String PROPERTY = "rowconv.blas";
  public static final String ENV = "ROWCONV_BLAS";
  static final String NATIVE_LIB_PATH = "dev.ludovic.netlib.blas.nativeLibPath";
  private static final String BUNDLE = "org/bytedeco/openblas/linux-x86_64/";
  /** libopenblas and what it needs; its RUNPATH is $ORIGIN, so they go into one folder. */
  private static final String[] BUNDLED_LIBRARIES = {
    "libgcc_s.so.1", "libquadmath.so.0", "libgfortran.so.5", "libopenblas.so.0"
  };
  private static volatile BLAS instance;
  private static volatile String description;

  private BlasProvider() {}

  /** The JVM-wide BLAS (thread-safe; BLAS implementations are stateless). */
  public static BLAS get() {
    BLAS blas = instance;
    if (blas == null) {
      synchronized (BlasProvider.class) {
        blas = instance;
        if (blas == null) {
          blas = choose();
          instance = blas;
        }
      }
    }
    return blas;
  }

  /** Whether {@code blas} is netlib's native binding (JNIBLAS), which the cost models price apart from Java's. */
  public static boolean isNative(BLAS blas) {
    return blas.getClass().getSimpleName().startsWith("JNI");
  }

  /** Short name of the BLAS in use, e.g. {@code JNIBLAS} or {@code Java11BLAS}. */
  public static String describe() {
    return get().getClass().getSimpleName();
  }

  /** The BLAS in use and how it was chosen, e.g. {@code JNIBLAS (native library /tmp/.../libopenblas.so.0)}. */
  public static String description() {
    get();
    return description;
  }

  private static BLAS choose() {
    String choice = System.getProperty(PROPERTY, System.getenv().getOrDefault(ENV, "auto"))
        .trim().toLowerCase(Locale.ROOT);
    if (!choice.equals("auto") && !choice.equals("native") && !choice.equals("java")) {
      throw new IllegalArgumentException(
          PROPERTY + " / " + ENV + " is '" + choice + "': expected auto, native or java");
    }
    if (choice.equals("java")) {
      return log(JavaBLAS.getInstance(), "forced by " + PROPERTY + "=java");
    }
    String source = System.getProperty(NATIVE_LIB_PATH);
    Throwable failure = null;
    try {
      if (source == null) {
        source = unpackBundledOpenBlas();
        if (source != null) {
          System.setProperty(NATIVE_LIB_PATH, source);
        }
      }
      BLAS nativeBlas = NativeBLAS.getInstance();
      return log(nativeBlas, "native library " + (source == null ? "from the system (libblas.so.3)" : source));
    } catch (Throwable t) { // UnsatisfiedLinkError, RuntimeException from netlib's loader, I/O
      failure = t;
    }
    if (choice.equals("native")) {
      throw new IllegalStateException(PROPERTY + "=native but native BLAS cannot load: " + failure, failure);
    }
    return log(JavaBLAS.getInstance(), "native BLAS unavailable (" + failure + "); using the Java implementation");
  }

  /** Unpacks the bundled OpenBLAS; returns the path of libopenblas, or null when this platform has none. */
  private static String unpackBundledOpenBlas() throws IOException {
    ClassLoader loader = BlasProvider.class.getClassLoader();
    if (loader.getResource(BUNDLE + "libopenblas.so.0") == null) {
      return null;
    }
    Path dir = Files.createTempDirectory("rowconv-openblas-");
    Path last = null;
    for (String name : BUNDLED_LIBRARIES) {
      try (InputStream in = loader.getResourceAsStream(BUNDLE + name)) {
        if (in == null) {
          throw new IOException("bundled OpenBLAS is incomplete: " + BUNDLE + name + " is missing");
        }
        last = dir.resolve(name);
        Files.copy(in, last, StandardCopyOption.REPLACE_EXISTING);
        last.toFile().deleteOnExit();
      }
    }
    dir.toFile().deleteOnExit();
    return last.toString();
  }

  private static BLAS log(BLAS blas, String how) {
    description = blas.getClass().getName() + " (" + how + ")";
    return blas;
  }
}
