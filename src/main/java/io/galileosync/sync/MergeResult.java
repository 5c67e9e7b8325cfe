package io.galileosync.sync;

/**
 * What a merge did. {@code rejected}: older than the retention horizon; {@code invalid}: not storable by the
 * store's rules (an IMEI that is no number, a position off the Earth, a time in the future...): neither is
 * stored nor passed on.
 */
public record MergeResult(int inserted, int duplicates, int conflicts, int rejected, int invalid) {

    public static final MergeResult NONE = new MergeResult(0, 0, 0, 0, 0);

    public MergeResult plus(MergeResult other) {
        return new MergeResult(inserted + other.inserted, duplicates + other.duplicates,
                conflicts + other.conflicts, rejected + other.rejected, invalid + other.invalid);
    }
}
