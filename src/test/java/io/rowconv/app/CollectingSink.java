package io.rowconv.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.sources.BaseRelation;
import org.apache.spark.sql.sources.CreatableRelationProvider;
import org.apache.spark.sql.types.StructType;

/**
 * A test sink of the kind that reports no row count of its own: a V1 relation provider (as {@code jdbc} is)
 * that collects the rows it is given, by path. Use as {@code --output-format io.rowconv.app.CollectingSink};
 * {@link #reset()} before each test.
 */
public final class CollectingSink implements CreatableRelationProvider {

  private static final Map<String, List<Row>> ROWS = new ConcurrentHashMap<>();

  static void reset() {
    ROWS.clear();
  }

  static List<Row> rows(String path) {
    return ROWS.getOrDefault(path, List.of());
  }

  @Override
  public BaseRelation createRelation(SQLContext sqlContext, SaveMode mode,
      scala.collection.immutable.Map<String, String> parameters, Dataset<Row> data) {
    String path = parameters.get("path").get();
    ROWS.computeIfAbsent(path, p -> new ArrayList<>()).addAll(data.collectAsList());
    return relation(sqlContext, data.schema());
  }

  /** The relation a provider returns after saving: only its schema is read. */
  static BaseRelation relation(SQLContext sqlContext, StructType schema) {
    return new BaseRelation() {
      @Override
      public SQLContext sqlContext() {
        return sqlContext;
      }

      @Override
      public StructType schema() {
        return schema;
      }
    };
  }
}
