package io.galileosync.ingest;

import static io.galileosync.ingest.GalileoBytes.u16be;
import static io.galileosync.ingest.GalileoBytes.u32be;
import static io.galileosync.ingest.GalileoBytes.u8;

import java.util.List;

/**
 * Iridium SBD DirectIP envelope (PROTOCOL.md §7): {@code 01 | u16 BE length | IEs}, each IE {@code id | u16 BE
 * length | body}, big-endian, no CRC. IE01 is the MO header (modem IMEI, send time), IE03 the Iridium location,
 * IE02 the Galileosky payload. The IE length fields are trusted (real IE03s are 11 bytes, the doc says 20).
 */
final class IridiumReader {

    private static final int PROTOCOL_REVISION = 0x01;
    private static final int IE_HEADER = 0x01;
    private static final int IE_PAYLOAD = 0x02;
    private static final int IE_LOCATION = 0x03;
    private static final int HEADER_LENGTH = 28;
    private static final int LOCATION_LENGTH = 11;
    private static final double EARTH_RADIUS_KM = 6371.0;

    private IridiumReader() {
    }

    /**
     * @param payloadStart first IE02 byte, or -1 when the frame has no IE02
     * @param imei         modem IMEI from IE01, null without IE01
     * @param latitude     IE03 location, null without IE03
     */
    record Message(String imei, Long cdr, Integer sessionStatus, Long timeMs, Double latitude, Double longitude,
                   Long cepKm, int payloadStart, int payloadEnd) {

        /**
         * Adds the Iridium fields to each record and fills what the Galileosky tags left open: IMEI, time and
         * position. An MDS position far outside the Iridium fix marks the whole MDS implausible.
         */
        void applyTo(List<RecordBuilder> records) {
            for (RecordBuilder r : records) {
                putIfSet(r, "iridiumImei", imei);
                putIfSet(r, "iridiumCdr", cdr);
                putIfSet(r, "iridiumSessionStatus", sessionStatus);
                putIfSet(r, "iridiumTime", timeMs);
                putIfSet(r, "iridiumLatitude", latitude);
                putIfSet(r, "iridiumLongitude", longitude);
                putIfSet(r, "iridiumCepKm", cepKm);
                r.fallbackImei(imei);
                if ("mds".equals(r.fallbackSource()) && latitude != null && !nearFix(r)) {
                    r.clearFallbackPosition();
                    r.fallbackTime(null);
                    r.put("mdsPlausible", false);
                }
                if (r.fallbackTime() == null) {
                    r.fallbackTime(timeMs);
                }
                if (!r.hasPosition() && r.fallbackSource() == null && latitude != null) {
                    r.fallbackPosition(latitude, longitude, "iridium");
                }
            }
        }

        /** Within three CEP radii plus 50 km, allowing for the age of the record. */
        private boolean nearFix(RecordBuilder r) {
            return distanceKm(latitude, longitude, r.fallbackLatitude(), r.fallbackLongitude()) <= 3.0 * cepKm + 50;
        }

        private static void putIfSet(RecordBuilder r, String name, Object value) {
            if (value != null) {
                r.put(name, value);
            }
        }
    }

    static Message read(byte[] frame) throws PacketDecodeException {
        if (frame.length < 3 || frame[0] != PROTOCOL_REVISION) {
            throw new PacketDecodeException("not an Iridium DirectIP frame: it must start with 01 and a length");
        }
        int end = 3 + u16be(frame, 1);
        if (end > frame.length) {
            throw new PacketDecodeException(String.format(
                    "Iridium frame declares %d bytes but has %d", end, frame.length));
        }
        String imei = null;
        Long cdr = null;
        Integer status = null;
        Long timeMs = null;
        Double latitude = null;
        Double longitude = null;
        Long cep = null;
        int payloadStart = -1;
        int payloadEnd = -1;
        int pos = 3;
        while (pos < end) {
            if (end - pos < 3) {
                throw new PacketDecodeException(String.format("truncated Iridium IE header at offset %d", pos));
            }
            int id = u8(frame, pos);
            int body = pos + 3;
            int bodyEnd = body + u16be(frame, pos + 1);
            if (bodyEnd > end) {
                throw new PacketDecodeException(String.format(
                        "Iridium IE %02x at offset %d declares %d bytes but %d remain", id, pos, bodyEnd - body,
                        end - body));
            }
            if (id == IE_HEADER) {
                requireLength(id, pos, bodyEnd - body, HEADER_LENGTH);
                cdr = u32be(frame, body);
                if (!GalileoBytes.isDigits(frame, body + 4, 15)) {
                    throw new PacketDecodeException(String.format(
                            "Iridium IMEI at offset %d is not 15 ASCII digits", body + 4));
                }
                imei = GalileoBytes.ascii(frame, body + 4, 15);
                status = u8(frame, body + 19);
                timeMs = u32be(frame, body + 24) * 1000;
            } else if (id == IE_LOCATION) {
                requireLength(id, pos, bodyEnd - body, LOCATION_LENGTH);
                int flags = u8(frame, body);
                double lat = u8(frame, body + 1) + u16be(frame, body + 2) / 60_000.0;
                double lon = u8(frame, body + 4) + u16be(frame, body + 5) / 60_000.0;
                latitude = (flags & 2) != 0 ? -lat : lat;
                longitude = (flags & 1) != 0 ? -lon : lon;
                cep = u32be(frame, body + 7);
            } else if (id == IE_PAYLOAD) {
                payloadStart = body;
                payloadEnd = bodyEnd;
            }
            pos = bodyEnd;
        }
        return new Message(imei, cdr, status, timeMs, latitude, longitude, cep, payloadStart, payloadEnd);
    }

    private static void requireLength(int id, int pos, int length, int minimum) throws PacketDecodeException {
        if (length < minimum) {
            throw new PacketDecodeException(String.format(
                    "Iridium IE %02x at offset %d has %d bytes, needs %d", id, pos, length, minimum));
        }
    }

    private static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(a));
    }
}
