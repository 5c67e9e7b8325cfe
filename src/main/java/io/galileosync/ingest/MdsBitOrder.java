package io.galileosync.ingest;

/**
 * How to read the 80-bit minimal data set of compressed (0x08) packets. The documentation and Traccar read it
 * MSB-first; the only real sample found fits neither reading fully (see PROTOCOL.md §5), so it is a setting.
 */
public enum MdsBitOrder {
    /** Bits numbered from the most significant bit of the first byte, as the documentation draws them. */
    MSB_FIRST,
    /** The ten bytes as one little-endian 80-bit word, fields filled from bit 0. */
    LSB_WORD
}
