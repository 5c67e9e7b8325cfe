package io.galileosync.sync;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * The 500s that {@code POST /peer/import} gives today, found by the peer-API fuzz tests: what in a batch causes
 * each, how the server fails (a pattern found in the logged exception) and a smallest example. While one is in
 * {@link #STILL_FAILING} the fuzz tests tolerate it (counted, and reported as an aborted case); take it out once
 * the import refuses such batches with a 4xx, and {@code PeerImportRandomTest} keeps it that way.
 */
enum KnownImportFailure {

    RECORD_WITHOUT_IMEI("a record whose imei is missing or null", "NULL not allowed for column \"IMEI\"",
            batch -> record(batch).putNull("imei")),
    IMEI_TOO_LONG("an imei longer than records.imei's 32 characters", "Value too long for column \"IMEI ",
            batch -> record(batch).put("imei", "9".repeat(33))),
    RECORD_WITHOUT_ORIGIN("a record entry whose originNode is missing or null", "originNode(\\(\\))?\" is null",
            batch -> entry(batch).putNull("originNode")),
    ORIGIN_TOO_LONG("an originNode or a key of complete longer than origin_node's 36 characters",
            "Value too long for column \"ORIGIN_NODE ", batch -> complete(batch).put("a".repeat(37), 1)),
    ENTRY_WITHOUT_RECORD("a records entry without its record", "record\\(\\)\" is null",
            batch -> entry(batch).putNull("record")),
    COMPLETE_WITHOUT_SEQ("a complete entry whose seq is null (or \"\" or blank, which read as null)",
            "java\\.util\\.Map\\.copyOf", batch -> complete(batch).putNull("x"));

    /** Not fixed yet. */
    static final Set<KnownImportFailure> STILL_FAILING = EnumSet.noneOf(KnownImportFailure.class);

    final String cause;
    private final Pattern signature;
    private final Consumer<ObjectNode> example;

    KnownImportFailure(String cause, String signature, Consumer<ObjectNode> example) {
        this.cause = cause;
        this.signature = Pattern.compile(signature);
        this.example = example;
    }

    /** Which known failure the server's logged exception is. */
    static Optional<KnownImportFailure> of(String serverError) {
        for (KnownImportFailure failure : values()) {
            if (failure.signature.matcher(serverError).find()) {
                return Optional.of(failure);
            }
        }
        return Optional.empty();
    }

    /** An exported batch made into this failure's smallest example. */
    ObjectNode example(ObjectNode exported) {
        ObjectNode batch = exported.deepCopy();
        example.accept(batch);
        return batch;
    }

    private static ObjectNode entry(ObjectNode batch) {
        return (ObjectNode) batch.get("records").get(0);
    }

    private static ObjectNode complete(ObjectNode batch) {
        return (ObjectNode) batch.get("complete");
    }

    private static ObjectNode record(ObjectNode batch) {
        return (ObjectNode) entry(batch).get("record");
    }
}
