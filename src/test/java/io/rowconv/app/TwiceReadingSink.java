package io.rowconv.app;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SQLContext;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.sources.BaseRelation;
import org.apache.spark.sql.sources.CreatableRelationProvider;

/**
 * A test sink that evaluates the rows it is given twice (a count, then the write), as some V1 relation
 * providers do. Use as {@code --output-format io.rowconv.app.TwiceReadingSink}.
 */
public final class TwiceReadingSink implements CreatableRelationProvider {

  @Override
  public BaseRelation createRelation(SQLContext sqlContext, SaveMode mode,
      scala.collection.immutable.Map<String, String> parameters, Dataset<Row> data) {
    data.count();
    data.collectAsList();
    return CollectingSink.relation(sqlContext, data.schema());
  }
}
