package org.polycast.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The {@code ham:} URI parser under hostile input: it parses, or throws {@link HamUriSyntaxException} with a reason
 * and an index; what parses prints back to a URI that parses to the same value. Two drivers: structured mutation of
 * valid URIs in every build ({@code polycast.fuzz.iterations}, 200,000 by default), and Jazzer's coverage-guided
 * fuzzing by flag: {@code JAZZER_FUZZ=1 mvn test -pl bundles/polycast.api -Dtest=HamUriFuzzTest#coverageGuided}
 * (findings are written under src/test/resources and replayed by every later build).
 */
class HamUriFuzzTest {
    private static final List<String> SEEDS = List.of("ham:ip:239.1.1.1:5000", "ham:ip:232.1.1.1@198.18.0.1:5000", "ham:ip:[ff3e::1]:5000",
            "ham:ip:[ff3e::1]@[2001:2::1]:5000", "ham:opaque:news@cnn.com:5000", "ham:sip:alice%3Bday@example.com",
            "ham:sha-2:f4OxZX_x_FO5LcGBSKHWXfwtSx-j1ncoSt3SABJtkGk", "ham:reload:00112233445566778899aabbccddeeff",
            "ham:opaque:*", "ham:opaque:x/sha-256;abc", "ham:ip:group.example.org:7000");
    private static final String ALPHABET = "ham:ipoqesr[]@/;%*.-_~09aAfFzZ:+!$&'()=,? \u00e9\u0000\u007f";

    @Test
    void mutatedUrisParseOrSayWhy() {
        int iterations = Integer.getInteger("polycast.fuzz.iterations", 200_000);
        Random random = new Random(7046);
        int parsed = 0;
        for (int i = 0; i < iterations; i++) {
            StringBuilder s = new StringBuilder(SEEDS.get(random.nextInt(SEEDS.size())));
            for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
                int at = s.length() == 0 ? 0 : random.nextInt(s.length() + 1);
                switch (random.nextInt(4)) {
                    case 0 -> s.insert(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                    case 1 -> {
                        if (at < s.length()) {
                            s.deleteCharAt(at);
                        }
                    }
                    case 2 -> {
                        if (at < s.length()) {
                            s.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
                        }
                    }
                    default -> s.insert(at, SEEDS.get(random.nextInt(SEEDS.size())), 0, random.nextInt(12));
                }
            }
            parsed += check(s.toString()) ? 1 : 0;
        }
        System.out.println("ham: URI fuzz: " + iterations + " inputs, " + parsed + " parsed, " + (iterations - parsed) + " refused with a reason");
        assertTrue(parsed > 0 && parsed < iterations);
        assertTrue(!check("x".repeat(HamUri.MAX_LENGTH + 1)), "oversize input is refused");
    }

    @FuzzTest(maxDuration = "5m")
    void coverageGuided(FuzzedDataProvider data) {
        check(data.consumeRemainingAsString());
    }

    /** True if the text parsed; any other outcome than a parse or a reasoned refusal fails the test. */
    static boolean check(String text) {
        HamUri u;
        try {
            u = HamUri.parse(text);
        } catch (HamUriSyntaxException e) {
            assertNotNull(e.getReason(), "a refusal says why");
            assertTrue(e.getIndex() >= -1 && e.getIndex() <= text.length(), "the index points into the input: " + e.getIndex());
            return false;
        }
        HamUri again = HamUri.parse(u.toUriString());
        assertEquals(u, again, "printing and parsing again keeps the value: " + text);
        return true;
    }
}
