package io.galileosync.sync;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import tools.jackson.core.StreamWriteConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Mutates a delta batch that a real node exported into what a hostile team member might push to
 * {@code /peer/import}: values of the wrong type, missing or null, too long, out of range, strange text,
 * duplicated or multiplied records, extra properties, claimed vector entries, and now and then broken bytes.
 * Every choice comes from the {@link Random} (a seed, or the fuzzer's bytes); with no bits at all it returns the
 * batch as exported.
 */
final class BatchMutator {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_STEPS = 4;
    /** Beyond the JSON parser's nesting limit (500), which the writer below does not share. */
    private static final int DEEP = 600;
    private static final JsonMapper WRITER = JsonMapper.builder(JsonFactory.builder()
            .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(10 * DEEP).build()).build())
            .build();

    private final List<JsonNode> oddValues;
    private final List<String> oddNames;

    /** @param nodeIds ids of real nodes, so that an origin or a vector entry can name one */
    BatchMutator(List<String> nodeIds) {
        List<String> texts = new ArrayList<>(List.of("", " ", "0", "-1", "NaN", "null", "\u0000", "\uD83D\uDE00",
                "\u202Eabc", "' or '1'='1", "../../etc/passwd", "<script>", "356000000000002", "9".repeat(33),
                "a".repeat(37), "b".repeat(300), "c".repeat(70_000)));
        texts.addAll(nodeIds);
        oddNames = List.copyOf(texts);
        List<JsonNode> values = new ArrayList<>();
        texts.forEach(text -> values.add(NODES.stringNode(text)));
        for (long number : new long[] {0, -1, 1, Integer.MIN_VALUE, Integer.MAX_VALUE + 1L, Long.MAX_VALUE, Long.MIN_VALUE,
                -62_135_596_800_000L, 253_402_300_799_999L, System.currentTimeMillis()}) {
            values.add(NODES.numberNode(number));
        }
        values.add(NODES.numberNode(BigInteger.TWO.pow(64)));
        for (double number : new double[] {1.5, -0.0, 1e308, -1e308, 4.9e-324}) {
            values.add(NODES.numberNode(number));
        }
        values.add(NODES.nullNode());
        values.add(NODES.booleanNode(true));
        values.add(NODES.booleanNode(false));
        values.add(NODES.objectNode());
        values.add(NODES.arrayNode());
        values.add(NODES.arrayNode().addNull());
        values.add(deep(20));
        values.add(deep(DEEP));
        oddValues = List.copyOf(values);
    }

    /** The body to push, and what was done to the batch (for failure messages). */
    record Mutated(byte[] body, List<String> steps) {
    }

    Mutated mutate(JsonNode exported, Random random) {
        JsonNode batch = exported.deepCopy();
        List<String> steps = new ArrayList<>();
        for (int n = random.nextInt(MAX_STEPS + 1); n > 0; n--) {
            batch = step(batch, random, steps);
        }
        byte[] body = WRITER.writeValueAsBytes(batch);
        if (random.nextInt(8) == 1) {
            body = breakBytes(body, random, steps);
        }
        return new Mutated(body, steps);
    }

    private JsonNode step(JsonNode batch, Random random, List<String> steps) {
        List<Slot> slots = new ArrayList<>(List.of(new Slot(null, null, -1, "$")));
        collect(batch, "$", slots);
        Slot slot = slots.get(random.nextInt(slots.size()));
        switch (random.nextInt(6)) {
            case 0 -> {
                JsonNode value = oddValues.get(random.nextInt(oddValues.size()));
                steps.add(slot.path() + " = " + describe(value));
                return slot.replace(batch, value);
            }
            case 1 -> {
                steps.add("remove " + slot.path());
                return slot.remove(batch);
            }
            case 2 -> {
                JsonNode value = slot.value();
                JsonNode swapped = value.isNumber() ? NODES.stringNode(value.asString())
                        : value.isString() ? NODES.numberNode(value.asString().length()) : NODES.stringNode("x");
                steps.add(slot.path() + " = " + describe(swapped) + " (type swapped)");
                return slot.replace(batch, swapped);
            }
            case 3 -> {
                ObjectNode object = objectAt(batch, slots, random);
                String name = oddNames.get(random.nextInt(oddNames.size()));
                JsonNode value = oddValues.get(random.nextInt(oddValues.size()));
                steps.add("add property " + describe(NODES.stringNode(name)) + " = " + describe(value));
                object.set(name, value);
                return batch;
            }
            case 4 -> {
                if (batch.get("records") instanceof ArrayNode records && !records.isEmpty()) {
                    JsonNode record = records.get(random.nextInt(records.size()));
                    int copies = random.nextInt(4) == 0 ? 2000 : 1;
                    steps.add("repeat a record " + copies + " more times");
                    for (int i = 0; i < copies; i++) {
                        records.add(record.deepCopy());
                    }
                }
                return batch;
            }
            default -> {
                if (batch.get("complete") instanceof ObjectNode complete) {
                    String origin = oddNames.get(random.nextInt(oddNames.size()));
                    JsonNode seq = oddValues.get(random.nextInt(oddValues.size()));
                    steps.add("complete[" + describe(NODES.stringNode(origin)) + "] = " + describe(seq));
                    complete.set(origin, seq);
                }
                return batch;
            }
        }
    }

    private static ObjectNode objectAt(JsonNode batch, List<Slot> slots, Random random) {
        List<ObjectNode> objects = new ArrayList<>();
        if (batch instanceof ObjectNode root) {
            objects.add(root);
        }
        slots.stream().map(Slot::value).filter(ObjectNode.class::isInstance).map(ObjectNode.class::cast)
                .forEach(objects::add);
        return objects.isEmpty() ? NODES.objectNode() : objects.get(random.nextInt(objects.size()));
    }

    private static byte[] breakBytes(byte[] body, Random random, List<String> steps) {
        byte[] broken = body.clone();
        int at = random.nextInt(Math.max(1, broken.length));
        if (random.nextBoolean() && broken.length > 0) {
            broken[at] = (byte) random.nextInt(256);
            steps.add("byte " + at + " = " + (broken[at] & 0xFF));
            return broken;
        }
        steps.add("cut after " + at + " bytes");
        return Arrays.copyOf(broken, at);
    }

    private static void collect(JsonNode node, String path, List<Slot> slots) {
        if (node instanceof ObjectNode object) {
            for (String name : List.copyOf(object.propertyNames())) {
                Slot slot = new Slot(object, name, -1, path + "." + name);
                slots.add(slot);
                collect(object.get(name), slot.path(), slots);
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                Slot slot = new Slot(array, null, i, path + "[" + i + "]");
                slots.add(slot);
                collect(array.get(i), slot.path(), slots);
            }
        }
    }

    private static String describe(JsonNode value) {
        if (value.isContainer()) {
            int depth = 0;
            for (JsonNode inner = value; inner.isContainer() && !inner.isEmpty(); inner = inner.values().iterator().next()) {
                depth++;
            }
            return (value.isArray() ? "array" : "object") + " of " + value.size() + (depth > 1 ? ", " + depth + " deep" : "");
        }
        String text = value.toString();
        return text.length() <= 40 ? text : text.substring(0, 37) + "... (" + text.length() + " chars)";
    }

    private static JsonNode deep(int depth) {
        ArrayNode root = NODES.arrayNode();
        ArrayNode inner = root;
        for (int i = 1; i < depth; i++) {
            inner = inner.addArray();
        }
        return root;
    }

    /** A place in the batch: a property of an object, an element of an array, or the root (no parent). */
    private record Slot(JsonNode parent, String name, int index, String path) {

        JsonNode value() {
            return parent instanceof ObjectNode object ? object.get(name)
                    : parent instanceof ArrayNode array ? array.get(index) : NODES.nullNode();
        }

        JsonNode replace(JsonNode root, JsonNode value) {
            if (parent instanceof ObjectNode object) {
                object.set(name, value);
            } else if (parent instanceof ArrayNode array) {
                array.set(index, value);
            } else {
                return value; // the root itself
            }
            return root;
        }

        JsonNode remove(JsonNode root) {
            if (parent instanceof ObjectNode object) {
                object.remove(name);
            } else if (parent instanceof ArrayNode array) {
                array.remove(index);
            } else {
                return NODES.objectNode();
            }
            return root;
        }
    }
}
