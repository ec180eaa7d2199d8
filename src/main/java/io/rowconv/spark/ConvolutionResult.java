package io.rowconv.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The two lazily evaluated outcomes of the stage. Every input row is in exactly one of them.
 *
 * @param output the rows the kernel computed: every input column unchanged, plus the output column
 *     ({@code array<double>})
 * @param rejects the rows it could not compute: every input column unchanged, plus {@code reject_reason}
 *     (a code) and {@code reject_message} (what is wrong, naming the column)
 */
public record ConvolutionResult(Dataset<Row> output, Dataset<Row> rejects) {}
