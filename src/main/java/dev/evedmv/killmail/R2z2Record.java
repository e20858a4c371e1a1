package dev.evedmv.killmail;

/** One R2Z2 {@code ephemeral/{N}.json} record: the killmail and the feed position it was published at. */
public record R2z2Record(long sequenceId, Killmail killmail) {
}
