package io.rowconv.spark.arrowparquet;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.spark.TaskContext;
import org.apache.spark.internal.io.FileCommitProtocol;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.write.DataWriter;
import org.apache.spark.sql.connector.write.DataWriterFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;

/** Serialized to the executors: sets up one task attempt of the commit protocol per writer, as Spark's file writers do. */
final class ArrowParquetWriterFactory implements DataWriterFactory {

  private static final long serialVersionUID = 1L;

  private final FileCommitProtocol committer;
  private final SerializableConfiguration hadoopConf;
  private final StructType schema;
  private final String jobTrackerId;
  private final long batchBytes;
  private final String timeZone;

  ArrowParquetWriterFactory(FileCommitProtocol committer, SerializableConfiguration hadoopConf, StructType schema,
      String jobTrackerId, long batchBytes, String timeZone) {
    this.committer = committer;
    this.hadoopConf = hadoopConf;
    this.schema = schema;
    this.jobTrackerId = jobTrackerId;
    this.batchBytes = batchBytes;
    this.timeZone = timeZone;
  }

  @Override
  public DataWriter<InternalRow> createWriter(int partitionId, long taskId) {
    TaskContext task = TaskContext.get();
    JobID jobId = new JobID(jobTrackerId, task.stageId());
    TaskAttemptID attemptId = new TaskAttemptID(new TaskID(jobId, TaskType.MAP, partitionId), task.attemptNumber());
    Configuration conf = new Configuration(hadoopConf.value());
    conf.set("mapreduce.job.id", jobId.toString());
    conf.set("mapreduce.task.id", attemptId.getTaskID().toString());
    conf.set("mapreduce.task.attempt.id", attemptId.toString());
    conf.setBoolean("mapreduce.task.ismap", true);
    conf.setInt("mapreduce.task.partition", 0);
    TaskAttemptContextImpl context = new TaskAttemptContextImpl(conf, attemptId);
    committer.setupTask(context);
    return new ArrowParquetDataWriter(committer, context, schema, batchBytes, timeZone);
  }
}
