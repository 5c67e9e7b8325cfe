package io.galileosync.access;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Map;

/**
 * Pairing codes as people read, type and mistype them. A generated code is 23 random characters of an alphabet
 * without look-alikes (no I, O, 0, 1) and a check character (Luhn mod 32), in six groups of four:
 * {@code ABCD-EFGH-JKLM-NPQR-STUV-WXY7}. Codes generated before the check character existed (20 characters in
 * four groups of five) keep working. Typed codes are read without regard to case, spaces or dashes, with
 * {@code I}, {@code l} and {@code 1} read as {@code L} (the one look-alike the alphabet has); anything that is not
 * of a generated shape (a passphrase set with {@code GALILEO_SYNC_SECRET}) is taken exactly as given.
 */
public final class PairingCode {

    static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    static final int LENGTH = 24;
    static final int OLD_LENGTH = 20;
    static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 256;
    /** What people type for a character of the alphabet (after upper-casing). */
    private static final Map<Character, Character> LOOK_ALIKES = Map.of('I', 'L', '1', 'L');
    private static final String SEPARATORS = " \t-\u2010\u2011\u2012\u2013\u2014_.";

    private PairingCode() {
    }

    /** What a typed or configured code is. */
    public enum Shape {
        /** A generated code with its check character. */
        GENERATED,
        /** A code generated before check characters (20 characters, groups of five). */
        GENERATED_BEFORE_CHECKS,
        /** Anything else: a passphrase, used exactly as given. */
        PASSPHRASE
    }

    /**
     * A code as read.
     *
     * @param code    the code in its one stored form (the canonical grouping for generated shapes), or null when
     *                refused
     * @param problem why it is refused (a mistyped code), in words for the person who typed it; null when fine
     */
    public record Reading(String code, Shape shape, String problem) {

        public boolean refused() {
            return problem != null;
        }

        /**
         * A hint when a passphrase looks like a generated code with a character missing or one too many (said
         * when no node uses it), else null.
         */
        public String lengthHint() {
            if (shape != Shape.PASSPHRASE) {
                return null;
            }
            String letters = letters(code);
            boolean codeLike = letters.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)
                    && Math.abs(letters.length() - LENGTH) <= 2 && letters.length() != OLD_LENGTH;
            return codeLike ? "a pairing code has " + LENGTH + " characters; this one has " + letters.length() : null;
        }
    }

    /** A new code: 115 random bits and a check character. */
    static String generate(SecureRandom random) {
        StringBuilder payload = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH - 1; i++) {
            payload.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        payload.append(ALPHABET.charAt(checkIndex(payload)));
        return grouped(payload, 4);
    }

    /** A code a person typed (login, bearer token, joining a team). */
    public static Reading read(String typed) {
        String trimmed = typed == null ? "" : typed.trim();
        if (trimmed.length() < MIN_LENGTH || trimmed.length() > MAX_LENGTH
                || trimmed.chars().anyMatch(Character::isISOControl)) {
            return new Reading(null, Shape.PASSPHRASE, "A pairing code has " + LENGTH + " characters (it is shown"
                    + " under \"Peer server\" on the other device); a team secret 8 to " + MAX_LENGTH + ".");
        }
        String letters = letters(trimmed);
        int length = letters.length();
        boolean alphabetOnly = letters.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0);
        if (alphabetOnly && length == LENGTH) {
            return valid(letters) ? new Reading(grouped(letters, 4), Shape.GENERATED, null)
                    : new Reading(null, Shape.GENERATED, "This code does not add up: a character is mistyped, or two"
                    + " are swapped. Compare it with the code shown on the other device; nothing was changed.");
        }
        if (alphabetOnly && length == OLD_LENGTH) {
            return new Reading(grouped(letters, 5), Shape.GENERATED_BEFORE_CHECKS, null);
        }
        boolean onlyZeroOrOMissing = (length == LENGTH || length == OLD_LENGTH) && letters.chars()
                .allMatch(c -> ALPHABET.indexOf(c) >= 0 || c == 'O' || c == '0');
        if (onlyZeroOrOMissing) {
            return new Reading(null, Shape.GENERATED, "Pairing codes have no O and no 0: the character you read as"
                    + " one is another (D or Q?). Compare it with the code shown on the other device; nothing was"
                    + " changed.");
        }
        return new Reading(trimmed, Shape.PASSPHRASE, null);
    }

    /**
     * A configured secret ({@code galileo.sync.secret}): exactly as given, unless it is of a generated shape
     * (then in its one stored form, so that "abcd efgh ..." on one node and "ABCD-EFGH-..." on another agree).
     */
    static String configured(String given) {
        Reading reading = read(given);
        return reading.shape() != Shape.PASSPHRASE && !reading.refused() ? reading.code() : given.trim();
    }

    /** Upper case, without separators, look-alikes read as the alphabet's character. */
    private static String letters(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toUpperCase(Locale.ROOT).toCharArray()) {
            if (SEPARATORS.indexOf(c) < 0) {
                out.append(LOOK_ALIKES.getOrDefault(c, c));
            }
        }
        return out.toString();
    }

    private static String grouped(CharSequence letters, int size) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < letters.length(); i++) {
            if (i > 0 && i % size == 0) {
                out.append('-');
            }
            out.append(letters.charAt(i));
        }
        return out.toString();
    }

    /** Luhn mod N: the check character that makes {@link #valid} hold (catches every single substitution). */
    private static int checkIndex(CharSequence payload) {
        int n = ALPHABET.length();
        int sum = luhnSum(payload, 2);
        return (n - sum % n) % n;
    }

    static boolean valid(CharSequence withCheck) {
        return luhnSum(withCheck, 1) % ALPHABET.length() == 0;
    }

    /** From the right, every second value doubled (its base-N digits summed). */
    private static int luhnSum(CharSequence text, int firstFactor) {
        int n = ALPHABET.length();
        int factor = firstFactor;
        int sum = 0;
        for (int i = text.length() - 1; i >= 0; i--) {
            int addend = factor * ALPHABET.indexOf(text.charAt(i));
            factor = factor == 2 ? 1 : 2;
            sum += addend / n + addend % n;
        }
        return sum;
    }
}
