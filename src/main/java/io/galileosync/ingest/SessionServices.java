package io.galileosync.ingest;

import io.galileosync.store.RecordStore;

/** What every tracker session shares: the decoder and its rules, the store, and where a session reports. */
record SessionServices(GalileoPacketDecoder decoder, boolean iridiumCompressed, StorableRule storable,
                       RecordStore store, QuarantineLog quarantine, ConnectionGate gate, IngestMetrics metrics,
                       IngestLog log, ConflictReport conflicts) {
}
