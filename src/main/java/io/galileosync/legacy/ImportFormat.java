package io.galileosync.legacy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The kinds of file an import takes, told apart by shape in one streaming pass that also checks the JSON. */
enum ImportFormat {
    ORIGINAL_APP_EXPORT("original-app-export"), PARSED_DATA("parsed-data"), DEVICES("devices"),
    /** The original app's {@code data/last_imei.json}: {@code {"lastIMEI": "<imei>"}}. */
    LAST_IMEI("last-imei"),
    /** Our own {@code galileo-sync/1} export, imported by the sync module. */
    NATIVE("galileo-sync/1");

    /** For values read one at a time out of a larger document (what follows is the rest of it, not garbage). */
    static final JsonMapper STREAM = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    final String label;

    ImportFormat(String label) {
        this.label = label;
    }

    /** A file that is not valid JSON or of no known shape (400). */
    static final class BadFile extends ResponseStatusException {
        BadFile(String reason) {
            super(HttpStatus.BAD_REQUEST, reason);
        }
    }

    @FunctionalInterface
    interface Source {
        InputStream open() throws IOException;
    }

    /**
     * Reads the whole file once, validating JSON syntax and telling its shape; keeps nothing but a few flags.
     *
     * @throws BadFile when it is not valid JSON or none of the known shapes
     */
    static ImportFormat of(Source source) {
        try (InputStream in = new BufferedInputStream(source.open(), 65536);
             JsonParser p = STREAM.createParser(in)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new BadFile("empty file");
            }
            ImportFormat format;
            if (first == JsonToken.START_ARRAY) {
                int index = 0;
                for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; index++) {
                    if (t != JsonToken.START_OBJECT) {
                        throw new BadFile("a JSON array, but element " + index + " is not an object:"
                                + " not an original-app parsed_data.json");
                    }
                    p.skipChildren();
                }
                format = PARSED_DATA;
            } else if (first == JsonToken.START_OBJECT) {
                format = ofObject(p);
            } else {
                throw new BadFile("a bare JSON value: not an export, parsed_data.json or devices.json");
            }
            if (p.nextToken() != null) {
                throw new BadFile("more than one JSON value in the file");
            }
            return format;
        } catch (JacksonException e) {
            throw new BadFile("not valid JSON: " + e.getOriginalMessage() + " at "
                    + (e.getLocation() == null ? "?" : "line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ImportFormat ofObject(JsonParser p) {
        boolean records = false;
        boolean format = false;
        boolean allObjects = true;
        boolean empty = true;
        boolean lastImei = false;
        int fields = 0;
        for (String name; (name = p.nextName()) != null; ) {
            empty = false;
            fields++;
            JsonToken value = p.nextToken();
            switch (name) {
                case "lastIMEI" -> lastImei = value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NULL;
                case "format", "vector" -> format = true;
                case "records" -> {
                    if (value == JsonToken.START_ARRAY) {
                        records = true;
                        int index = 0;
                        for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; index++) {
                            if (t != JsonToken.START_OBJECT) {
                                throw new BadFile("records[" + index + "] is not an object");
                            }
                            p.skipChildren();
                        }
                        continue;
                    }
                }
                case "devices" -> {
                    if (value != JsonToken.START_OBJECT && value != JsonToken.VALUE_NULL) {
                        throw new BadFile("devices is not an object");
                    }
                }
                default -> {
                }
            }
            if (value != JsonToken.START_OBJECT) {
                allObjects = false;
            }
            p.skipChildren();
        }
        if (format) {
            return NATIVE;
        }
        if (records) {
            return ORIGINAL_APP_EXPORT;
        }
        if (lastImei && fields == 1) {
            return LAST_IMEI;
        }
        if (allObjects || empty) {
            return DEVICES;
        }
        throw new BadFile("a JSON object that is none of: a galileo-sync/1 export (format), an original-app"
                + " export (records array), an original-app devices.json (IMEI → device object), an original-app"
                + " last_imei.json ({\"lastIMEI\": ...})");
    }
}
