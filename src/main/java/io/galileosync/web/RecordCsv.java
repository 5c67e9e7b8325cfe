package io.galileosync.web;

import io.galileosync.record.StoredRecordEntity;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.springframework.http.MediaType;

/**
 * Records as CSV per RFC 4180: a header row, CRLF line ends, and a field quoted (its quotes doubled) when it
 * holds a comma, a quote or a line break. The columns are the JSON record's fields, the origin split in two,
 * and the attributes last as their JSON text. Absent values are empty fields.
 */
final class RecordCsv {

    static final MediaType MEDIA_TYPE = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private record Column(String name, Function<StoredRecordEntity, Object> value) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("deviceImei", StoredRecordEntity::getImei),
            new Column("timestamp", r -> ApiParams.iso(r.getTimeMs())),
            new Column("latitude", StoredRecordEntity::getLatitude),
            new Column("longitude", StoredRecordEntity::getLongitude),
            new Column("satellites", StoredRecordEntity::getSatellites),
            new Column("speed", StoredRecordEntity::getSpeed),
            new Column("course", StoredRecordEntity::getCourse),
            new Column("altitude", StoredRecordEntity::getAltitude),
            new Column("hdop", StoredRecordEntity::getHdop),
            new Column("status", StoredRecordEntity::getStatus),
            new Column("supplyVoltage", StoredRecordEntity::getSupplyVoltage),
            new Column("batteryVoltage", StoredRecordEntity::getBatteryVoltage),
            new Column("temperature", StoredRecordEntity::getTemperature),
            new Column("outputs", StoredRecordEntity::getOutputs),
            new Column("inputs", StoredRecordEntity::getInputs),
            new Column("recordNumber", StoredRecordEntity::getRecordNumber),
            new Column("fixValid", StoredRecordEntity::getFixValid),
            new Column("receivedAt", r -> ApiParams.iso(r.getReceivedAt())),
            new Column("originNode", StoredRecordEntity::getOriginNode),
            new Column("originSeq", StoredRecordEntity::getOriginSeq),
            new Column("attributes", StoredRecordEntity::getAttributesJson));

    private RecordCsv() {
    }

    static void write(Stream<StoredRecordEntity> records, Writer out) throws IOException {
        writeRow(out, COLUMNS.stream().map(Column::name).toList());
        for (StoredRecordEntity record : (Iterable<StoredRecordEntity>) records::iterator) {
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
