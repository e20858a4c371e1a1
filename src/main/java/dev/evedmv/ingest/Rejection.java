package dev.evedmv.ingest;

/**
 * Input that could not be stored, with where it came from and why. Kept in {@code rejected_input}.
 *
 * @param source  where it came from, e.g. {@code killmails-2026-11-20.tar.bz2!killmails/123.json} or {@code r2z2:9001}
 * @param payload the bytes as received (null when there were none, e.g. an unreadable archive)
 */
public record Rejection(String source, String reason, byte[] payload) {
}
