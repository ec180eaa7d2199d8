package io.rowconv.app;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.sources.BaseRelation;
import org.apache.spark.sql.sources.CreatableRelationProvider;

/**
 * A test sink that reads the rows it is given through their RDD, outside a SQL execution, as some V1
 * relation providers do, outside the observed plan. Use as
 * {@code --output-format io.rowconv.app.RddSink}.
 */
public final class RddSink implements CreatableRelationProvider {

  @Override
  public BaseRelation createRelation(SQLContext sqlContext, SaveMode mode,
      scala.collection.immutable.Map<String, String> parameters, Dataset<Row> data) {
    data.javaRDD().count();
    return CollectingSink.relation(sqlContext, data.schema());
  }
}
