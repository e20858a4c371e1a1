package dev.evedmv.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** A serialized answer and its strong ETag (a hash of the body), as cached and as sent. */
public record Answer(byte[] body, String etag) {

    public static Answer of(String json) {
        return of(json.getBytes(StandardCharsets.UTF_8));
    }

    public static Answer of(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return new Answer(body, '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + '"');
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** True when an {@code If-None-Match} header names this answer's ETag (or is {@code *}). */
    public boolean matches(String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || t.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
