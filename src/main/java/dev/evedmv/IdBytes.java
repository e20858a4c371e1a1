package dev.evedmv;

import java.nio.ByteBuffer;

/**
 * A list of ids as bytes: each id as 8 bytes, big-endian, one after the other; the form of
 * {@code killmails.player_attacker_ids}, which SQL writes with {@code evedmv_id_bytes} and reads with
 * {@code evedmv_id_array}. Reading it is a copy: no id is converted on the way out of the database.
 */
public final class IdBytes {
    private IdBytes() {
    }

    public static byte[] of(long[] ids) {
        ByteBuffer out = ByteBuffer.allocate(ids.length * Long.BYTES);
        for (long id : ids) {
            out.putLong(id);
        }
        return out.array();
    }

    public static long[] read(byte[] bytes) {
        if (bytes.length % Long.BYTES != 0) {
            throw new IllegalArgumentException("a list of ids as bytes is a multiple of 8 bytes long, not " + bytes.length);
        }
        long[] ids = new long[bytes.length / Long.BYTES];
        ByteBuffer in = ByteBuffer.wrap(bytes);
        for (int i = 0; i < ids.length; i++) {
            ids[i] = in.getLong();
        }
        return ids;
    }
}
