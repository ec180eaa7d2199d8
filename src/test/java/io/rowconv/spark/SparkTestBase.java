package io.rowconv.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** One shared local[2] SparkSession per test class: loopback only, UI off, few shuffle partitions. */
public abstract class SparkTestBase {

  protected static SparkSession spark;

  @TempDir
  protected static Path tempDir;

  @BeforeAll
  static void startSpark() throws IOException {
    Path warehouse = Files.createTempDirectory("rowconv-warehouse");
    spark = SparkSession.builder()
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
