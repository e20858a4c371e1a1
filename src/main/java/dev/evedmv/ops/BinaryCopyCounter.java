package dev.evedmv.ops;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Counts the tuples of a PostgreSQL binary COPY stream (signature, flags, header extension,
 * then per tuple a 16-bit field count and length-prefixed fields, ended by -1), so an archive
 * can be verified without a database.
 */
final class BinaryCopyCounter {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};

    private BinaryCopyCounter() {
    }

    /** The number of tuples; throws IOException when the stream is truncated or not binary COPY. */
    static long countTuples(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        skipHeader(in);
        long tuples = 0;
        while (true) {
            short fields;
            try {
                fields = in.readShort();
            } catch (EOFException e) {
                throw new IOException("truncated after " + tuples + " tuples (no trailer)");
            }
            if (fields == -1) {
                return tuples;
            }
            for (int f = 0; f < fields; f++) {
                int length = in.readInt();
                if (length > 0) {
                    skipFully(in, length);
                }
            }
            tuples++;
        }
    }

    /** The number of fields of the first tuple (every tuple has as many), or -1 when there is none. */
    static int fieldsPerTuple(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        skipHeader(in);
        return in.readShort();
    }

    /** The first byte of field {@code field} (0-based) of the first tuple, or -1 when there is no tuple or the field is NULL or empty. */
    static int firstByteOfField(InputStream raw, int field) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        skipHeader(in);
        short fields = in.readShort();
        if (fields <= field) {
            return -1;
        }
        for (int f = 0; f < field; f++) {
            int length = in.readInt();
            if (length > 0) {
                skipFully(in, length);
            }
        }
        return in.readInt() > 0 ? in.readUnsignedByte() : -1;
    }

    private static void skipHeader(DataInputStream in) throws IOException {
        byte[] signature = new byte[SIGNATURE.length];
        in.readFully(signature);
        if (!Arrays.equals(signature, SIGNATURE)) {
            throw new IOException("not a binary COPY stream");
        }
        in.readInt();
        skipFully(in, in.readInt());
    }

    private static void skipFully(DataInputStream in, int n) throws IOException {
        int left = n;
        while (left > 0) {
            int skipped = in.skipBytes(left);
            if (skipped <= 0) {
                throw new EOFException("truncated field");
            }
            left -= skipped;
        }
    }
}
