package io.rowconv.spark;

/** Why one row was not computed: its {@link RejectReason} and a message that names the column and the problem. */
public record RowReject(RejectReason reason, String message) {}
