package dev.evedmv.names;

/** An id's name and category as ESI reports them ("character", "corporation", "alliance", …). */
public record Name(long id, String category, String name) {
}
