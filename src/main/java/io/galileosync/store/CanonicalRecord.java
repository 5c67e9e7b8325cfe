package io.galileosync.store;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * A record's key and content as bytes that depend on nothing but the values: map entries by key (attribute
 * order never matters), numbers by {@link AttributeValue} kind, doubles by their bits, no node-local ids. The
 * input of the {@link ContentHash}; never stored.
 */
final class CanonicalRecord {

    /** Bumped if this form ever changes, so that two forms never hash alike by accident. */
    private static final int FORM = 1;
    private static final int NULL = 0;
    private static final int FALSE = 1;
    private static final int TRUE = 2;
    private static final int LONG = 3;
    private static final int DOUBLE = 4;
    private static final int STRING = 5;
    private static final int MAP = 6;
    private static final int LIST = 7;
    private static final int BIG_INTEGER = 8;

    private CanonicalRecord() {
    }

    static ByteSink of(TrackRecord r) {
        ByteSink out = new ByteSink(256);
        out.write(FORM);
        out.writeString(r.imei());
        out.writeSignedVarLong(r.timeMs());
        out.writeSignedVarLong(r.recordNumber());
        for (CoreField field : CoreField.ALL) {
            value(out, field.get(r));
        }
        value(out, r.attributes());
        return out;
    }

    private static void value(ByteSink out, Object value) {
        switch (AttributeValue.of(value)) {
            case NULL -> out.write(NULL);
            case BOOLEAN -> out.write((Boolean) value ? TRUE : FALSE);
            case LONG -> {
                out.write(LONG);
                out.writeSignedVarLong(AttributeValue.longOf(value));
            }
            case DOUBLE -> {
                out.write(DOUBLE);
                out.writeLong(Double.doubleToLongBits(AttributeValue.doubleOf(value)));
            }
            case STRING -> {
                out.write(STRING);
                out.writeString(value.toString());
            }
            case BIG_INTEGER -> {
                out.write(BIG_INTEGER);
                out.writeString(value.toString());
            }
            case MAP -> {
                Map<String, Object> sorted = new TreeMap<>();
                ((Map<?, ?>) value).forEach((k, v) -> sorted.put(String.valueOf(k), v));
                out.write(MAP);
                out.writeVarLong(sorted.size());
                sorted.forEach((k, v) -> {
                    out.writeString(k);
                    value(out, v);
                });
            }
            case LIST -> {
                Collection<?> list = (Collection<?>) value;
                out.write(LIST);
                out.writeVarLong(list.size());
                list.forEach(v -> value(out, v));
            }
        }
    }
}
