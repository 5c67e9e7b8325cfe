package io.galileosync.store;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A record's content (all but its key) as the bytes of the records table's {@code body} column: a presence
 * word for the {@link CoreField}s, their values, then the attributes as tagged values. Decimal doubles (a
 * tracker's 55.751244 or 12.3) are kept as a scaled integer that divides back to the very same double, small
 * integers in their tag byte, runs of booleans as bits, and a map's key list as the id of an
 * {@link AttributeShapes attribute shape}, so a typical record takes some 60 bytes instead of 600 of JSON.
 * Reads back with the types JSON would give: Integer (Long when larger), Double, String, Boolean,
 * LinkedHashMap in the stored order, ArrayList. Writing and reading are kept together (longer than most) so
 * that the two halves of the format cannot drift apart.
 */
final class RecordBody {

    private static final int NULL = 0;
    private static final int FALSE = 1;
    private static final int TRUE = 2;
    private static final int LONG = 3;
    private static final int DOUBLE = 4;
    private static final int STRING = 5;
    private static final int SHAPED_MAP = 6;
    private static final int MAP = 7;
    private static final int LIST = 8;
    private static final int BIG_INTEGER = 9;
    /** A run of booleans in a map's or list's values: the count, then the bits, low bit first. */
    private static final int BOOLEANS = 10;
    /** Tags from here on are the integers 0..239 themselves. */
    private static final int SMALL = 16;
    private static final int SMALL_LIMIT = 256 - SMALL;
    private static final int MIN_BOOLEAN_RUN = 3;
    /** The presence word's bit for the value of {@link CoreField#FIX_VALID}. */
    private static final int FIX_VALID_VALUE = 1 << CoreField.ALL.length;
    private static final double[] POW10 = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
    private static final int RAW_DOUBLE = 15;
    /** Beyond this a double is no longer an exact integer after scaling. */
    private static final double EXACT_LIMIT = 1e15;

    private final AttributeShapes shapes;

    RecordBody(AttributeShapes shapes) {
        this.shapes = shapes;
    }

    /** @param names where a new attribute shape is taken (in the writer's transaction) */
    byte[] encode(TrackRecord record, NewNames names) throws java.sql.SQLException {
        ByteSink out = new ByteSink(96);
        int presence = 0;
        for (int i = 0; i < CoreField.ALL.length; i++) {
            if (CoreField.ALL[i].get(record) != null) {
                presence |= 1 << i;
            }
        }
        if (Boolean.TRUE.equals(record.fixValid())) {
            presence |= FIX_VALID_VALUE;
        }
        out.write(presence);
        out.write(presence >>> 8);
        for (CoreField field : CoreField.ALL) {
            Object value = field.get(record);
            if (value == null || field.kind == CoreField.Kind.BOOLEAN) {
                continue;
            }
            if (field.kind == CoreField.Kind.DOUBLE) {
                writeDecimal(out, (Double) value);
            } else {
                out.writeSignedVarLong((Integer) value);
            }
        }
        new Writer(out, names).value(record.attributes());
        return out.toByteArray();
    }

    TrackRecord decode(String imei, long timeMs, int recordNumber, byte[] body) {
        return decode(imei, timeMs, recordNumber, body, shapes::names);
    }

    /** Inside the writer's transaction: attribute shapes it took count too. */
    TrackRecord decode(String imei, long timeMs, int recordNumber, byte[] body, NewNames pending) {
        return decode(imei, timeMs, recordNumber, body, id -> shapes.names(id, pending));
    }

    private TrackRecord decode(String imei, long timeMs, int recordNumber, byte[] body,
                               IntFunction<List<String>> shapeNames) {
        ByteSource in = new ByteSource(body);
        int presence = in.read() | in.read() << 8;
        Object[] values = new Object[CoreField.ALL.length];
        for (int i = 0; i < values.length; i++) {
            if ((presence & 1 << i) == 0) {
                continue;
            }
            values[i] = switch (CoreField.ALL[i].kind) {
                case BOOLEAN -> (presence & FIX_VALID_VALUE) != 0;
                case DOUBLE -> readDecimal(in);
                case INT -> Math.toIntExact(in.readSignedVarLong());
            };
        }
        Object attributes = value(in, in.read(), shapeNames);
        if (!(attributes instanceof Map) || !in.atEnd()) {
            throw new IllegalArgumentException("a record body must end with its attribute map");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) attributes;
        return CoreField.record(imei, timeMs, recordNumber, values, map);
    }

    static void writeDecimal(ByteSink out, double value) {
        for (int e = 0; e < POW10.length; e++) {
            double scaled = value * POW10[e];
            if (!(Math.abs(scaled) < EXACT_LIMIT)) {
                break;
            }
            long m = Math.round(scaled);
            if (Double.doubleToRawLongBits(m / POW10[e]) == Double.doubleToRawLongBits(value)) {
                out.writeVarLong((m << 1 ^ m >> 63) << 4 | e);
                return;
            }
        }
        out.writeVarLong(RAW_DOUBLE);
        out.writeLong(Double.doubleToRawLongBits(value));
    }

    static double readDecimal(ByteSource in) {
        long header = in.readVarLong();
        int e = (int) (header & 0xF);
        if (e == RAW_DOUBLE) {
            return Double.longBitsToDouble(in.readLong());
        }
        if (e >= POW10.length) {
            throw new IllegalArgumentException("no decimal scale " + e);
        }
        long z = header >>> 4;
        return (z >>> 1 ^ -(z & 1)) / POW10[e];
    }

    private Object value(ByteSource in, int tag, IntFunction<List<String>> shapeNames) {
        if (tag >= SMALL) {
            return tag - SMALL;
        }
        return switch (tag) {
            case NULL -> null;
            case FALSE -> Boolean.FALSE;
            case TRUE -> Boolean.TRUE;
            case LONG -> {
                long v = in.readSignedVarLong();
                yield v == (int) v ? (Object) (int) v : (Object) v;
            }
            case DOUBLE -> readDecimal(in);
            case STRING -> in.readString();
            case BIG_INTEGER -> new BigInteger(in.readString());
            case SHAPED_MAP -> {
                List<String> names = shapeNames.apply(Math.toIntExact(in.readVarLong()));
                List<Object> values = sequence(in, names.size(), shapeNames);
                Map<String, Object> map = new LinkedHashMap<>(names.size() * 2);
                for (int i = 0; i < names.size(); i++) {
                    map.put(names.get(i), values.get(i));
                }
                yield map;
            }
            case MAP -> {
                int count = in.readCount();
                Map<String, Object> map = new LinkedHashMap<>(count * 2);
                for (int i = 0; i < count; i++) {
                    map.put(in.readString(), value(in, in.read(), shapeNames));
                }
                yield map;
            }
            case LIST -> sequence(in, in.readCount(), shapeNames);
            default -> throw new IllegalArgumentException("unknown value tag " + tag + " in a record body");
        };
    }

    /** {@code count} values, where a run of booleans counts as its length. */
    private List<Object> sequence(ByteSource in, int count, IntFunction<List<String>> shapeNames) {
        List<Object> values = new ArrayList<>(count);
        while (values.size() < count) {
            int tag = in.read();
            if (tag != BOOLEANS) {
                values.add(value(in, tag, shapeNames));
                continue;
            }
            long run = in.readVarLong();
            if (run > count - values.size()) {
                throw new IllegalArgumentException("a run of " + run + " booleans overruns its " + count + " values");
            }
            int bits = 0;
            for (int i = 0; i < run; i++) {
                if (i % 8 == 0) {
                    bits = in.read();
                }
                values.add((bits >>> i % 8 & 1) != 0);
            }
        }
        return values;
    }

    /** Writes tagged values, taking new attribute shapes through {@code names}. */
    private final class Writer {
        private final ByteSink out;
        private final NewNames names;

        Writer(ByteSink out, NewNames names) {
            this.out = out;
            this.names = names;
        }

        void value(Object value) throws java.sql.SQLException {
            switch (AttributeValue.of(value)) {
                case NULL -> out.write(NULL);
                case BOOLEAN -> out.write((Boolean) value ? TRUE : FALSE);
                case LONG -> {
                    long v = AttributeValue.longOf(value);
                    if (v >= 0 && v < SMALL_LIMIT) {
                        out.write(SMALL + (int) v);
                    } else {
                        out.write(LONG);
                        out.writeSignedVarLong(v);
                    }
                }
                case DOUBLE -> {
                    out.write(DOUBLE);
                    writeDecimal(out, AttributeValue.doubleOf(value));
                }
                case STRING -> {
                    out.write(STRING);
                    out.writeString(value.toString());
                }
                case BIG_INTEGER -> {
                    out.write(BIG_INTEGER);
                    out.writeString(value.toString());
                }
                case MAP -> map((Map<?, ?>) value);
                case LIST -> {
                    Collection<?> list = (Collection<?>) value;
                    out.write(LIST);
                    out.writeVarLong(list.size());
                    sequence(list.toArray());
                }
            }
        }

        private void map(Map<?, ?> map) throws java.sql.SQLException {
            List<String> keys = new ArrayList<>(map.size());
            map.keySet().forEach(k -> keys.add(String.valueOf(k)));
            int shape = map.isEmpty() ? -1 : shapes.idOf(keys, names);
            if (shape < 0) {
                out.write(MAP);
                out.writeVarLong(map.size());
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    out.writeString(String.valueOf(entry.getKey()));
                    value(entry.getValue());
                }
                return;
            }
            out.write(SHAPED_MAP);
            out.writeVarLong(shape);
            sequence(map.values().toArray());
        }

        private void sequence(Object[] values) throws java.sql.SQLException {
            int i = 0;
            while (i < values.length) {
                int run = 0;
                while (i + run < values.length && values[i + run] instanceof Boolean) {
                    run++;
                }
                if (run < MIN_BOOLEAN_RUN) {
                    value(values[i++]);
                    continue;
                }
                out.write(BOOLEANS);
                out.writeVarLong(run);
                for (int start = i; start < i + run; start += 8) {
                    int bits = 0;
                    for (int b = 0; b < 8 && start + b < i + run; b++) {
                        if ((Boolean) values[start + b]) {
                            bits |= 1 << b;
                        }
                    }
                    out.write(bits);
                }
                i += run;
            }
        }
    }
}
