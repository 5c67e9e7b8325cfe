package io.galileosync.store;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * The kinds of value an attribute holds, as the store keeps them: what the value would read back as from
 * JSON. Every integral number is a long (a {@link BigInteger} only beyond that), every other number a double,
 * so a value hashes and encodes the same whichever Java type carried it here.
 */
enum AttributeValue {
    NULL, BOOLEAN, LONG, DOUBLE, BIG_INTEGER, STRING, MAP, LIST;

    static AttributeValue of(Object value) {
        if (value == null) {
            return NULL;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return LONG;
        }
        if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            return DOUBLE;
        }
        if (value instanceof String || value instanceof Character) {
            return STRING;
        }
        if (value instanceof Boolean) {
            return BOOLEAN;
        }
        if (value instanceof Map) {
            return MAP;
        }
        if (value instanceof Collection) {
            return LIST;
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < Long.SIZE ? LONG : BIG_INTEGER;
        }
        throw new IllegalArgumentException("an attribute value of type " + value.getClass().getName()
                + " cannot be stored (numbers, strings, booleans, maps and lists can)");
    }

    static long longOf(Object value) {
        return ((Number) value).longValue();
    }

    /** A float as the decimal it prints as, which is what JSON carries of it. */
    static double doubleOf(Object value) {
        return value instanceof Float f ? Double.parseDouble(f.toString()) : ((Number) value).doubleValue();
    }
}
