package io.galileosync.sync;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The peer protocol's compact batch body ({@value #MEDIA_TYPE}), for peers that ask for it; JSON stays for
 * debugging and older clients. A batch is ordered by origin and sequence, and a tracker's records follow each
 * other in time, so most values are small differences from the one before: sequence numbers, receive times,
 * device times and record numbers by origin or tracker, positions in millionths of a degree, speeds in tenths,
 * sensor readings by tracker. Those go as zigzag varints; strings (origins, IMEIs, attribute names and text
 * values) go once and then by their index; attributes go against the tracker's previous record's: a map with
 * the same keys without them, a value that did not change as one byte, a count as its difference. Then the whole body is gzip-compressed on the wire like JSON is.
 * Doubles that are not whole millionths (or tenths) go as they are, so every value comes back exactly.
 * Writer and reader are kept in one class (longer than most) so each field's encoding and decoding sit side by
 * side: a change to one without the other is what would break the format.
 */
final class BatchCodec {

    static final String MEDIA_TYPE = "application/x-galileo-batch";
    private static final int MAGIC = 0x47534231; // "GSB1"
    private static final int MAX_DEPTH = 32;

    private static final int NULL = 0;
    private static final int FALSE = 1;
    private static final int TRUE = 2;
    private static final int LONG = 3;
    private static final int DOUBLE = 4;
    private static final int STRING = 5;
    private static final int LIST = 6;
    private static final int MAP = 7;
    private static final int DECIMAL = 8;
    private static final int INT = 9;
    /** The value at this place in the tracker's previous record's attributes, again. */
    private static final int SAME = 10;
    /** A map with the keys, in order, of the one at this place before: only its values follow. */
    private static final int MAP_SAME_KEYS = 11;
    private static final int INT_DELTA = 12;
    private static final int LONG_DELTA = 13;

    private BatchCodec() {
    }

    static byte[] encode(PeerWire.Batch batch) {
        Writer out = new Writer();
        out.int32(MAGIC);
        out.varint(batch.more() ? 1 : 0);
        out.string(batch.nodeId());
        out.string(batch.epoch());
        out.varint(batch.complete().size());
        batch.complete().forEach((origin, seq) -> {
            out.string(origin);
            out.varlong(seq);
        });
        out.varint(batch.records().size());
        State state = new State();
        for (WireRecord r : batch.records()) {
            out.string(r.originNode());
            out.signed(r.originSeq() - state.lastSeq.getOrDefault(r.originNode(), 0L));
            state.lastSeq.put(r.originNode(), r.originSeq());
            out.signed(r.receivedAt() - state.lastReceived);
            state.lastReceived = r.receivedAt();
            writeTrack(out, r.record(), state.of(r.record().imei()));
            out.value(r.record().attributes(), state.lastAttributes.get(r.record().imei()), 0);
            state.lastAttributes.put(r.record().imei(), r.record().attributes());
        }
        return out.bytes();
    }

    /** @throws IllegalArgumentException for a body that is not a well-formed batch */
    static PeerWire.Batch decode(byte[] body) {
        Reader in = new Reader(body);
        try {
            if (in.int32() != MAGIC) {
                throw new IllegalArgumentException("not a " + MEDIA_TYPE + " body");
            }
            boolean more = in.varint() == 1;
            String nodeId = in.string();
            String epoch = in.string();
            int completes = in.count();
            Map<String, Long> complete = new LinkedHashMap<>();
            for (int i = 0; i < completes; i++) {
                complete.put(in.string(), in.varlong());
            }
            int count = in.count();
            List<WireRecord> records = new ArrayList<>(Math.min(count, 65_536));
            State state = new State();
            for (int i = 0; i < count; i++) {
                String origin = in.string();
                long seq = state.lastSeq.getOrDefault(origin, 0L) + in.signed();
                state.lastSeq.put(origin, seq);
                state.lastReceived += in.signed();
                records.add(new WireRecord(readTrack(in, state), origin, seq, state.lastReceived));
            }
            if (in.remaining() != 0) {
                throw new IllegalArgumentException(in.remaining() + " bytes after the last record");
            }
            return new PeerWire.Batch(nodeId, epoch, records, complete, more);
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("a " + MEDIA_TYPE + " body that ends too early");
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("a value out of its range in a " + MEDIA_TYPE + " body");
        }
    }

    /** What the value before was, per origin and per tracker: the base of each difference. */
    private static final class State {
        final Map<String, Long> lastSeq = new HashMap<>();
        final Map<String, long[]> byImei = new HashMap<>();
        long lastReceived;

        /** Per tracker: the previous record's attributes, the base of the next one's. */
        final Map<String, Object> lastAttributes = new HashMap<>();

        /** Per tracker: time, record number, then the last value of each numeric field. */
        long[] of(String imei) {
            return byImei.computeIfAbsent(imei, k -> new long[2 + NUMERIC]);
        }
    }

    /** The numeric fields in their order on the wire. */
    private static final int NUMERIC = 13;

    private static void writeTrack(Writer out, WireRecord.Track t, long[] last) {
        out.string(t.imei());
        out.signed(t.timeMs() - last[0]);
        last[0] = t.timeMs();
        out.signed((long) t.recordNumber() - last[1]);
        last[1] = t.recordNumber();
        Object[] values = {t.latitude(), t.longitude(), t.satellites(), t.speed(), t.course(), t.altitude(),
                t.hdop(), t.status(), t.supplyVoltage(), t.batteryVoltage(), t.temperature(), t.outputs(),
                t.inputs()};
        int present = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                present |= 1 << i;
            }
        }
        int fix = t.fixValid() == null ? 0 : t.fixValid() ? 1 : 2;
        out.varint(present << 2 | fix);
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof Double d) {
                out.scaled(d, i < 2 ? 1e6 : 10, last, 2 + i);
            } else if (values[i] instanceof Integer n) {
                out.signed(n - last[2 + i]);
                last[2 + i] = n;
            }
        }
    }

    private static WireRecord.Track readTrack(Reader in, State state) {
        String imei = in.string();
        long[] last = state.of(imei);
        last[0] += in.signed();
        last[1] += in.signed();
        int header = in.varint();
        int present = header >>> 2;
        int fix = header & 3;
        Object[] values = new Object[NUMERIC];
        for (int i = 0; i < NUMERIC; i++) {
            if ((present >>> i & 1) == 0) {
                continue;
            }
            boolean isDouble = i == 0 || i == 1 || i == 3 || i == 4 || i == 6;
            if (isDouble) {
                values[i] = in.scaled(i < 2 ? 1e6 : 10, last, 2 + i);
            } else {
                last[2 + i] += in.signed();
                values[i] = Math.toIntExact(last[2 + i]);
            }
        }
        Object attributes = in.value(state.lastAttributes.get(imei), 0);
        if (!(attributes instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("a record's attributes are not a map");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> named = (Map<String, Object>) attributes;
        state.lastAttributes.put(imei, named);
        return new WireRecord.Track(imei, last[0], Math.toIntExact(last[1]), (Double) values[0], (Double) values[1],
                (Integer) values[2], fix == 0 ? null : fix == 1, (Double) values[3], (Double) values[4],
                (Integer) values[5], (Double) values[6], (Integer) values[7], (Integer) values[8],
                (Integer) values[9], (Integer) values[10], (Integer) values[11], (Integer) values[12], named);
    }

    private static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        private final Map<String, Integer> strings = new HashMap<>();

        void int32(int value) {
            out.write(value >>> 24);
            out.write(value >>> 16);
            out.write(value >>> 8);
            out.write(value);
        }

        void varint(int value) {
            varlong(value & 0xFFFFFFFFL);
        }

        void varlong(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) (value & 0x7F) | 0x80);
                value >>>= 7;
            }
            out.write((int) value);
        }

        void signed(long value) {
            varlong(value << 1 ^ value >> 63);
        }

        /** An index into the strings sent so far (+1), or 0, the length and the bytes of a new one. */
        void string(String value) {
            Integer index = strings.get(value);
            if (index != null) {
                varint(index + 1);
                return;
            }
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            varint(0);
            varint(bytes.length);
            out.write(bytes, 0, bytes.length);
            strings.put(value, strings.size());
        }

        /** A double that is a whole number of 1/scale: the difference from the last one, else the raw bits. */
        void scaled(double value, double scale, long[] last, int slot) {
            long units = Math.round(value * scale);
            if (Math.abs(value * scale) < 1e15 && units / scale == value) {
                signed((units - last[slot]) << 1);
                last[slot] = units;
            } else {
                signed(1);
                raw(Double.doubleToRawLongBits(value));
            }
        }

        void raw(long bits) {
            for (int i = 0; i < 8; i++) {
                out.write((int) (bits >>> (8 * i)));
            }
        }

        /** @param before the value at this place in the tracker's previous record, or null */
        void value(Object value, Object before, int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException("attributes nested deeper than " + MAX_DEPTH);
            }
            if (value != null && value.equals(before) && value.getClass() == before.getClass()) {
                varint(SAME);
            } else if (value == null) {
                varint(NULL);
            } else if (value instanceof Boolean b) {
                varint(b ? TRUE : FALSE);
            } else if (value instanceof Integer n && before instanceof Integer b) {
                varint(INT_DELTA);
                signed((long) n - b);
            } else if (value instanceof Long n && before instanceof Long b) {
                varint(LONG_DELTA);
                signed(n - b);
            } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
                varint(INT);
                signed(((Number) value).longValue());
            } else if (value instanceof Long n) {
                varint(LONG);
                signed(n);
            } else if (value instanceof Double || value instanceof Float) {
                varint(DOUBLE);
                raw(Double.doubleToRawLongBits(((Number) value).doubleValue()));
            } else if (value instanceof BigInteger || value instanceof BigDecimal) {
                varint(DECIMAL);
                string(value.toString());
            } else if (value instanceof CharSequence text) {
                varint(STRING);
                string(text.toString());
            } else if (value instanceof List<?> list) {
                varint(LIST);
                varint(list.size());
                List<?> old = before instanceof List<?> l && l.size() == list.size() ? l : null;
                for (int i = 0; i < list.size(); i++) {
                    value(list.get(i), old == null ? null : old.get(i), depth + 1);
                }
            } else if (value instanceof Map<?, ?> map) {
                Map<?, ?> old = before instanceof Map<?, ?> m ? m : null;
                if (old != null && List.copyOf(old.keySet()).equals(List.copyOf(map.keySet()))) {
                    varint(MAP_SAME_KEYS);
                    map.forEach((key, item) -> value(item, old.get(key), depth + 1));
                } else {
                    varint(MAP);
                    varint(map.size());
                    map.forEach((key, item) -> {
                        string(String.valueOf(key));
                        value(item, old == null ? null : old.get(key), depth + 1);
                    });
                }
            } else {
                varint(STRING);
                string(String.valueOf(value));
            }
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    private static final class Reader {
        private final byte[] in;
        private final List<String> strings = new ArrayList<>();
        private int pos;

        Reader(byte[] in) {
            this.in = in;
        }

        int remaining() {
            return in.length - pos;
        }

        int int32() {
            return (in[pos++] & 0xFF) << 24 | (in[pos++] & 0xFF) << 16 | (in[pos++] & 0xFF) << 8 | in[pos++] & 0xFF;
        }

        long varlong() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = in[pos++];
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("a varint longer than 10 bytes");
        }

        int varint() {
            long value = varlong();
            if (value > Integer.MAX_VALUE || value < 0) {
                throw new IllegalArgumentException("a count of " + value);
            }
            return (int) value;
        }

        /** A count that cannot be more than the bytes left (each item takes at least one). */
        int count() {
            int n = varint();
            if (n > remaining()) {
                throw new IllegalArgumentException("a count of " + n + " with " + remaining() + " bytes left");
            }
            return n;
        }

        long signed() {
            long v = varlong();
            return v >>> 1 ^ -(v & 1);
        }

        String string() {
            int index = varint();
            if (index > 0) {
                if (index > strings.size()) {
                    throw new IllegalArgumentException("string #" + index + " was never sent");
                }
                return strings.get(index - 1);
            }
            int length = count();
            String value = new String(in, pos, length, StandardCharsets.UTF_8);
            pos += length;
            strings.add(value);
            return value;
        }

        Double scaled(double scale, long[] last, int slot) {
            long v = signed();
            if ((v & 1) == 0) {
                last[slot] += v >> 1;
                return last[slot] / scale;
            }
            return Double.longBitsToDouble(raw());
        }

        long raw() {
            long bits = 0;
            for (int i = 0; i < 8; i++) {
                bits |= (long) (in[pos++] & 0xFF) << (8 * i);
            }
            return bits;
        }

        /** @param before the value at this place in the tracker's previous record, or null */
        Object value(Object before, int depth) {
            if (depth > MAX_DEPTH) {
                throw new IllegalArgumentException("attributes nested deeper than " + MAX_DEPTH);
            }
            int type = varint();
            return switch (type) {
                case SAME -> {
                    if (before == null) {
                        throw new IllegalArgumentException("a value the same as one never sent");
                    }
                    yield before;
                }
                case NULL -> null;
                case FALSE -> Boolean.FALSE;
                case TRUE -> Boolean.TRUE;
                case INT -> Math.toIntExact(signed());
                case LONG -> signed();
                case INT_DELTA -> {
                    if (!(before instanceof Integer b)) {
                        throw new IllegalArgumentException("a difference from no number");
                    }
                    yield Math.toIntExact(b + signed());
                }
                case LONG_DELTA -> {
                    if (!(before instanceof Long b)) {
                        throw new IllegalArgumentException("a difference from no number");
                    }
                    yield b + signed();
                }
                case DOUBLE -> Double.longBitsToDouble(raw());
                case DECIMAL -> new BigDecimal(string());
                case STRING -> string();
                case LIST -> {
                    int n = count();
                    List<?> old = before instanceof List<?> l && l.size() == n ? l : null;
                    List<Object> list = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        list.add(value(old == null ? null : old.get(i), depth + 1));
                    }
                    yield list;
                }
                case MAP -> {
                    int n = count();
                    Map<?, ?> old = before instanceof Map<?, ?> m ? m : null;
                    Map<String, Object> map = new LinkedHashMap<>();
                    for (int i = 0; i < n; i++) {
                        String key = string();
                        map.put(key, value(old == null ? null : old.get(key), depth + 1));
                    }
                    yield map;
                }
                case MAP_SAME_KEYS -> {
                    if (!(before instanceof Map<?, ?> old)) {
                        throw new IllegalArgumentException("a map with the keys of one never sent");
                    }
                    Map<String, Object> map = new LinkedHashMap<>();
                    for (Map.Entry<?, ?> e : old.entrySet()) {
                        map.put(String.valueOf(e.getKey()), value(e.getValue(), depth + 1));
                    }
                    yield map;
                }
                default -> throw new IllegalArgumentException("unknown value type " + type);
            };
        }
    }
}
