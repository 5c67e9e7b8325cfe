package io.galileosync.sync;

/** What a merge did; {@code rejected}: older than the retention horizon. */
public record MergeResult(int inserted, int duplicates, int conflicts, int rejected) {

    public static final MergeResult NONE = new MergeResult(0, 0, 0, 0);

    public MergeResult plus(MergeResult other) {
        return new MergeResult(inserted + other.inserted, duplicates + other.duplicates,
                conflicts + other.conflicts, rejected + other.rejected);
    }
}
