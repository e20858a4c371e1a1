package dev.evedmv.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.YearMonth;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;

import dev.evedmv.EveDmvException;
import dev.evedmv.Json;

/**
 * What {@code partitions archive} wrote for one monthly table: the zstd-compressed binary COPY
 * file beside this manifest ({@code file}, relative), its row count, uncompressed size and the
 * SHA-256 of the compressed bytes, and the schema it was written with.
 */
public record ArchiveManifest(String table, String partition, String month, String bounds, long rows,
                              @JsonProperty("copy_bytes") long copyBytes, String file, String sha256,
                              @JsonProperty("schema_version") String schemaVersion,
                              @JsonProperty("created_at") Instant createdAt) {

    public static final String SUFFIX = ".manifest.json";

    public YearMonth yearMonth() {
        return YearMonth.parse(month);
    }

    public static Path pathFor(Path dir, String partition) {
        return dir.resolve(partition + SUFFIX);
    }

    public static ArchiveManifest read(Path file) {
        try {
            ArchiveManifest m = Json.mapper().readValue(file.toFile(), ArchiveManifest.class);
            if (m.partition() == null || m.table() == null || m.file() == null || m.sha256() == null || m.month() == null) {
                throw new EveDmvException("manifest " + file + " lacks table, partition, month, file or sha256");
            }
            return m;
        } catch (JsonProcessingException e) {
            throw new EveDmvException(file + " is not an archive manifest (a *" + SUFFIX + " written by partitions archive): "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new EveDmvException("cannot read manifest " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes atomically: a manifest on disk is always complete. */
    public void write(Path file) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, Json.pretty(this));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new EveDmvException("cannot write manifest " + file + ": " + e.getMessage(), e);
        }
    }
}
