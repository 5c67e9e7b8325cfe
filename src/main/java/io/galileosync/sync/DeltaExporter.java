package io.galileosync.sync;

import io.galileosync.node.NodeIdentity;
import io.galileosync.record.RecordRows;
import io.galileosync.record.RecordWriter;
import io.galileosync.record.RecordWriter.OriginRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.JsonGenerator;

/**
 * Reads what a peer lacks, given the peer's version vector: for each origin (in id order) the records with a
 * higher originSeq than the peer holds, up to this node's own vector (so every claim covers committed rows
 * only), in batches bounded in records and (estimated JSON) bytes. An origin the peer is level with costs no
 * query, so a sync with nothing new is O(origins).
 */
@Component
class DeltaExporter {

    /** Estimated JSON of a record's fixed fields and origin, without the attributes (field names included). */
    private static final int RECORD_OVERHEAD_BYTES = 360;

    private final JdbcClient jdbc;
    private final NodeIdentity node;

    DeltaExporter(JdbcClient jdbc, NodeIdentity node) {
        this.jdbc = jdbc;
        this.node = node;
    }

    Map<String, Long> vector() {
        Map<String, Long> vector = new TreeMap<>();
        jdbc.sql("select origin_node, max_seq from sync_vector")
                .query(rs -> {
                    vector.put(rs.getString(1), rs.getLong(2));
                });
        return vector;
    }

    PeerWire.Batch batch(Map<String, Long> peerVector, int maxRecords, int maxBytes) {
        List<OriginRecord> records = new ArrayList<>();
        Map<String, Long> complete = new TreeMap<>();
        long bytes = 0;
        for (Map.Entry<String, Long> held : vector().entrySet()) {
            String origin = held.getKey();
            long from = peerVector.getOrDefault(origin, 0L);
            long to = held.getValue();
            if (to <= from) {
                continue;
            }
            if (records.size() >= maxRecords || bytes >= maxBytes) {
                return new PeerWire.Batch(node.nodeId(), node.epoch(), records, complete, true);
            }
            int wanted = maxRecords - records.size();
            List<Row> rows = jdbc.sql("select origin_seq, received_at, length(attributes) as attributes_length, "
                            + RecordRows.RECORD_COLUMNS + " from records where origin_node = ? and origin_seq > ?"
                            + " and origin_seq <= ? order by origin_seq fetch first " + wanted + " rows only")
                    .params(origin, from, to)
                    .query((rs, i) -> new Row(new OriginRecord(RecordRows.read(rs), origin,
                            rs.getLong("origin_seq"), rs.getLong("received_at")),
                            RECORD_OVERHEAD_BYTES + rs.getInt("attributes_length")))
                    .list();
            long last = from;
            for (Row row : rows) {
                if (!records.isEmpty() && bytes + row.bytes() > maxBytes) {
                    complete.put(origin, last);
                    return new PeerWire.Batch(node.nodeId(), node.epoch(), records, complete, true);
                }
                records.add(row.record());
                bytes += row.bytes();
                last = row.record().originSeq();
            }
            if (rows.size() == wanted) {
                complete.put(origin, last);
                return new PeerWire.Batch(node.nodeId(), node.epoch(), records, complete, true);
            }
            // every row of this origin up to our vector is in: holes (pruned, or stored under another origin)
            // are covered too
            complete.put(origin, to);
        }
        return new PeerWire.Batch(node.nodeId(), node.epoch(), records, complete, false);
    }

    /**
     * Writes the full export ({@link PeerWire.FullExport}'s document) record by record, so an export of millions
     * of records needs no more memory than one row (a phone has little heap).
     */
    void writeFull(OutputStream out) {
        Map<String, Long> vector = vector();
        try (JsonGenerator json = PeerWire.JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringProperty("format", PeerWire.FullExport.FORMAT);
            json.writeStringProperty("nodeId", node.nodeId());
            json.writeStringProperty("name", node.name());
            json.writeStringProperty("epoch", node.epoch());
            json.writeNumberProperty("exportTime", System.currentTimeMillis());
            json.writePOJOProperty("vector", vector);
            json.writeArrayPropertyStart("records");
            try (Stream<OriginRecord> records = jdbc.sql("select origin_node, origin_seq, received_at, "
                            + RecordRows.RECORD_COLUMNS + " from records order by origin_node, origin_seq")
                    .withFetchSize(500)
                    .query((rs, i) -> new OriginRecord(RecordRows.read(rs), rs.getString("origin_node"),
                            rs.getLong("origin_seq"), rs.getLong("received_at")))
                    .stream()) {
                records.forEach(json::writePOJO);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    void writeFullGzip(OutputStream out) throws IOException {
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024)) {
            writeFull(gzip);
        }
    }

    private record Row(OriginRecord record, int bytes) {
    }
}
