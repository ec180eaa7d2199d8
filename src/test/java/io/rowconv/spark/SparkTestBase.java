package io.rowconv.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * One shared local[2] SparkSession per test class: loopback only, UI off, few shuffle partitions, rowconv's
 * extensions turned on as users turn them on ({@code spark.sql.extensions}) unless the class is annotated
 * {@link WithoutRowconvExtensions}.
 */
public abstract class SparkTestBase {

  protected static SparkSession spark;

  @TempDir
  protected static Path tempDir;

  @BeforeAll
  static void startSpark(TestInfo test) throws IOException {
    Path warehouse = Files.createTempDirectory("rowconv-warehouse");
    boolean extensions = test.getTestClass()
        .map(c -> !c.isAnnotationPresent(WithoutRowconvExtensions.class)).orElse(true);
    SparkSession.Builder builder = SparkSession.builder();
    if (extensions) {
      builder = builder.config("spark.sql.extensions", RowconvExtensions.class.getName());
    }
    spark = builder
        .master("local[2]")
        .appName("rowconv-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.warehouse.dir", warehouse.toString())
        .getOrCreate();
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
      spark = null;
    }
  }
}
