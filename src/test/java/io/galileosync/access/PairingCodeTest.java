package io.galileosync.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pairing codes as people type them: generated codes carry a check character that catches every mistyped
 * character and nearly every swap of neighbours; case, spaces, dashes and look-alikes do not matter; codes
 * made before check characters keep working; anything else is a passphrase, taken exactly.
 */
class PairingCodeTest {

    static Stream<Long> seeds() {
        return LongStream.range(1, 41).boxed();
    }

    /** A generated code from seeded randomness (SHA1PRNG seeded before first use repeats itself). */
    private static String generated(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return PairingCode.generate(random);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aGeneratedCodeReadsBackAsItselfHoweverItIsTyped(long seed) {
        String code = generated(seed);
        assertThat(code).matches("([A-HJ-NP-Z2-9]{4}-){5}[A-HJ-NP-Z2-9]{4}");
        Random random = new Random(seed);
        String letters = code.replace("-", "");
        StringBuilder typed = new StringBuilder();
        for (char c : letters.toCharArray()) {
            typed.append(random.nextBoolean() ? Character.toLowerCase(c) : c);
            if (random.nextInt(4) == 0) {
                typed.append(random.nextBoolean() ? " " : "-");
            }
        }
        PairingCode.Reading reading = PairingCode.read("  " + typed + " ");
        assertThat(reading.refused()).as("%s typed as %s", code, typed).isFalse();
        assertThat(reading.shape()).isEqualTo(PairingCode.Shape.GENERATED);
        assertThat(reading.code()).isEqualTo(code);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void everyMistypedCharacterIsRefusedWithoutTouchingAnything(long seed) {
        String letters = generated(seed).replace("-", "");
        for (int i = 0; i < letters.length(); i++) {
            for (char other : PairingCode.ALPHABET.toCharArray()) {
                if (other == letters.charAt(i)) {
                    continue;
                }
                String typo = letters.substring(0, i) + other + letters.substring(i + 1);
                PairingCode.Reading reading = PairingCode.read(typo);
                assertThat(reading.refused()).as("%s for %s", typo, letters).isTrue();
                assertThat(reading.problem()).contains("mistyped").contains("nothing was changed");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void swappedNeighboursAreCaughtBarringTheFewPairsLuhnModNCannotSee(long seed) {
        String letters = generated(seed).replace("-", "");
        int swaps = 0;
        int caught = 0;
        for (int i = 0; i + 1 < letters.length(); i++) {
            if (letters.charAt(i) == letters.charAt(i + 1)) {
                continue;
            }
            String swapped = letters.substring(0, i) + letters.charAt(i + 1) + letters.charAt(i) + letters.substring(i + 2);
            swaps++;
            if (PairingCode.read(swapped).refused()) {
                caught++;
            } else {
                // Luhn mod 32 misses the swap of just one pair of neighbours: the values 0 and 31 (A and 9)
                int a = PairingCode.ALPHABET.indexOf(letters.charAt(i));
                int b = PairingCode.ALPHABET.indexOf(letters.charAt(i + 1));
                assertThat(a + b).as("an undetected swap of %s and %s", letters.charAt(i), letters.charAt(i + 1))
                        .isEqualTo(PairingCode.ALPHABET.length() - 1);
            }
        }
        assertThat(caught).isGreaterThanOrEqualTo(swaps - 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "I", "i", "l"})
    void lookAlikesOfLReadAsL(String lookAlike) {
        String code = "ABCD-EFGH-JKLM-NPQR-STUV-WXY";
        String letters = code.replace("-", "");
        String withCheck = withCheck(letters);
        String typed = withCheck.replace("L", lookAlike);
        assertThat(PairingCode.read(typed).code()).isEqualTo(grouped(withCheck));
    }

    @ParameterizedTest
    @ValueSource(strings = {"O", "0", "o"})
    void zeroAndOAreNotInCodesAndSaySo(String zero) {
        String withCheck = withCheck("ABCDEFGHJKLMNPQRSTUVWXY");
        PairingCode.Reading reading = PairingCode.read(withCheck.replace("D", zero));
        assertThat(reading.refused()).isTrue();
        assertThat(reading.problem()).contains("no O and no 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"JUJN8-AFH54-ELFL2-2NFJL", "jujn8 afh54 elfl2 2nfjl", "JUJN8AFH54ELFL22NFJL", "jujn8-afh54-e1f12-2nfj1"})
    void codesMadeBeforeCheckCharactersStillRead(String typed) {
        PairingCode.Reading reading = PairingCode.read(typed);
        assertThat(reading.shape()).isEqualTo(PairingCode.Shape.GENERATED_BEFORE_CHECKS);
        assertThat(reading.code()).isEqualTo("JUJN8-AFH54-ELFL2-2NFJL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"test-team-secret", "correct horse battery staple", "Ünïcode-Sécret-42"})
    void aPassphraseIsTakenExactly(String passphrase) {
        PairingCode.Reading reading = PairingCode.read(" " + passphrase + " ");
        assertThat(reading.shape()).isEqualTo(PairingCode.Shape.PASSPHRASE);
        assertThat(reading.code()).isEqualTo(passphrase);
        assertThat(PairingCode.configured(passphrase)).isEqualTo(passphrase);
        assertThat(PairingCode.read(passphrase.toUpperCase(Locale.ROOT)).code()).isNotEqualTo(passphrase);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "short", "bell-\u0007-in-the-code"})
    void tooShortOrControlCharactersAreRefused(String typed) {
        assertThat(PairingCode.read(typed).refused()).isTrue();
    }

    @Test
    void aCodeWithACharacterMissingIsAPassphraseWithAHint() {
        String letters = generated(7).replace("-", "");
        PairingCode.Reading reading = PairingCode.read(letters.substring(1));
        assertThat(reading.shape()).isEqualTo(PairingCode.Shape.PASSPHRASE);
        assertThat(reading.lengthHint()).isEqualTo("a pairing code has 24 characters; this one has 23");
        assertThat(PairingCode.configured(letters.toLowerCase(Locale.ROOT))).isEqualTo(generated(7));
    }

    private static String withCheck(String payload) {
        for (char c : PairingCode.ALPHABET.toCharArray()) {
            if (PairingCode.valid(payload + c)) {
                return payload + c;
            }
        }
        throw new AssertionError("no check character for " + payload);
    }

    private static String grouped(String letters) {
        return String.join("-", letters.split("(?<=\\G.{4})"));
    }
}
