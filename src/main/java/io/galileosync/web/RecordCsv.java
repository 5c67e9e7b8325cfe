package io.galileosync.web;

import io.galileosync.config.ApiParams;
import io.galileosync.store.StoredRecord;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records as CSV per RFC 4180: a header row, CRLF line ends, and a field quoted (its quotes doubled) when it
 * holds a comma, a quote or a line break. The columns are the JSON record's fields, the origin split in two,
 * and the attributes last as their JSON text. Absent values are empty fields.
 */
final class RecordCsv {

    static final MediaType MEDIA_TYPE = new MediaType("text", "csv", StandardCharsets.UTF_8);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private record Column(String name, Function<StoredRecord, Object> value) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("deviceImei", r -> r.record().imei()),
            new Column("timestamp", r -> ApiParams.iso(r.record().timeMs())),
            new Column("latitude", r -> r.record().latitude()),
            new Column("longitude", r -> r.record().longitude()),
            new Column("satellites", r -> r.record().satellites()),
            new Column("speed", r -> r.record().speed()),
            new Column("course", r -> r.record().course()),
            new Column("altitude", r -> r.record().altitude()),
            new Column("hdop", r -> r.record().hdop()),
            new Column("status", r -> r.record().status()),
            new Column("supplyVoltage", r -> r.record().supplyVoltage()),
            new Column("batteryVoltage", r -> r.record().batteryVoltage()),
            new Column("temperature", r -> r.record().temperature()),
            new Column("outputs", r -> r.record().outputs()),
            new Column("inputs", r -> r.record().inputs()),
            new Column("recordNumber", r -> r.record().recordNumber()),
            new Column("fixValid", r -> r.record().fixValid()),
            new Column("receivedAt", r -> ApiParams.iso(r.receivedAt())),
            new Column("originNode", r -> r.originNode()),
            new Column("originSeq", r -> r.originSeq()),
            new Column("attributes", r -> JSON.writeValueAsString(r.record().attributes())));

    private RecordCsv() {
    }

    static void write(Stream<StoredRecord> records, Writer out) throws IOException {
        writeRow(out, COLUMNS.stream().map(Column::name).toList());
        for (StoredRecord record : (Iterable<StoredRecord>) records::iterator) {
            writeRow(out, COLUMNS.stream().map(column -> column.value().apply(record)).toList());
        }
    }

    private static void writeRow(Writer out, List<?> values) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(field(values.get(i)));
        }
        out.write("\r\n");
    }

    private static String field(Object value) {
        if (value == null) {
            return "";
        }
        String text = value instanceof Double d ? plain(d) : value.toString();
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    /** Spreadsheets misread {@code 1.0E-4}, Java's text for small and large doubles: write it out in full. */
    private static String plain(double d) {
        return Double.isFinite(d) ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString() : Double.toString(d);
    }
}
