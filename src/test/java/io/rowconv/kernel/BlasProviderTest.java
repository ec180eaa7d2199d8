package io.rowconv.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class BlasProviderTest {

  /** The bundled OpenBLAS must load on the platform it is bundled for; elsewhere the Java BLAS is fine. */
  @Test
  void get_onLinuxX86_isNativeOpenBlasFromTheBundle() {
    assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux")
        && System.getProperty("os.arch").matches("amd64|x86_64"), "bundled OpenBLAS is for linux-x86_64");
    assumeTrue(System.getProperty(BlasProvider.PROPERTY, System.getenv().getOrDefault(BlasProvider.ENV, "auto"))
        .equals("auto"), "BLAS choice forced from outside");
    assertThat(BlasProvider.describe()).isEqualTo("JNIBLAS");
    assertThat(System.getProperty(BlasProvider.NATIVE_LIB_PATH)).endsWith("libopenblas.so.0");
  }
}
