package dev.evedmv.ingest;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a daily archive holds, read through to its end the way {@code import} reads it: the
 * killmail documents in it, the ids their entry names give ({@code killmails/{id}.json}), or what
 * broke (in {@code import}'s words) when it cannot be read whole.
 */
public record ArchiveContents(long killmails, long[] ids, Optional<String> unreadable) {

    /** Reads {@code archive} ({@code .tar.bz2} or {@code .tar.gz}) without decoding the killmails. */
    public static ArchiveContents of(Path archive) {
        long[] documents = {0};
        String[] broke = {null};
        java.util.List<Long> ids = new java.util.ArrayList<>();
        DocumentReader.read(new InputFile(archive, InputFile.Kind.ARCHIVE), new DocumentReader.Sink() {
            @Override
            public void document(String source, byte[] json) {
                documents[0]++;
                String entry = source.substring(source.lastIndexOf('/') + 1);
                if (entry.matches("\\d{1,18}\\.json")) {
                    ids.add(Long.parseLong(entry.substring(0, entry.length() - ".json".length())));
                }
            }

            @Override
            public void rejected(Rejection rejection) {
                broke[0] = rejection.reason();
            }
        });
        return new ArchiveContents(documents[0], ids.stream().mapToLong(Long::longValue).toArray(),
                Optional.ofNullable(broke[0]));
    }
}
