package dev.evedmv.ingest;

/** What one or more write batches did: killmails stored new, already stored, and rejected. */
public record WriteResult(long inserted, long duplicates, long rejected) {
    public static final WriteResult NONE = new WriteResult(0, 0, 0);

    public WriteResult plus(WriteResult other) {
        return new WriteResult(inserted + other.inserted, duplicates + other.duplicates, rejected + other.rejected);
    }

    public long total() {
        return inserted + duplicates + rejected;
    }
}
