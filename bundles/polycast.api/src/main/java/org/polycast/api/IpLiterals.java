package org.polycast.api;

/** Validation and RFC 5952 canonical text of IP literals, without any DNS lookup. */
final class IpLiterals {
    private IpLiterals() {
    }

    /** Checks a dotted-quad IPv4 literal that consists of digits and dots only. */
    static void checkIpv4(String input, int start, String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new HamUriSyntaxException(input, start, "IPv4 address '" + text + "' must have four parts");
        }
        int offset = start;
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new HamUriSyntaxException(input, offset, "empty part in IPv4 address '" + text + "'");
            }
            if (part.length() > 1 && part.charAt(0) == '0') {
                throw new HamUriSyntaxException(input, offset, "leading zero in IPv4 address part '" + part + "' (ambiguous: octal or decimal)");
            }
            if (part.length() > 3 || Integer.parseInt(part) > 255) {
                throw new HamUriSyntaxException(input, offset, "IPv4 address part " + part + " is out of range 0..255");
            }
            offset += part.length() + 1;
        }
    }

    /**
     * Parses the IPv6 literal between {@code start} (inclusive) and {@code end} (exclusive) of
     * {@code input} and returns it in RFC 5952 form (lower case, longest zero run compressed).
     */
    static String canonicalIpv6(String input, int start, int end) {
        if (start == end) {
            throw new HamUriSyntaxException(input, start, "empty IPv6 literal '[]'");
        }
        if (input.charAt(start) == 'v' || input.charAt(start) == 'V') {
            throw new HamUriSyntaxException(input, start, "IPvFuture literals are not supported");
        }
        int percent = input.indexOf('%', start);
        if (percent >= 0 && percent < end) {
            throw new HamUriSyntaxException(input, percent, "zone identifiers are not allowed in group names; select the interface instead");
        }
        int[] groups = new int[8];
        int count = 0;
        int compressAt = -1;
        int i = start;
        if (input.startsWith("::", i)) {
            compressAt = 0;
            i += 2;
        } else if (input.charAt(i) == ':') {
            throw new HamUriSyntaxException(input, i, "IPv6 literal must not start with a single ':'");
        }
        while (i < end) {
            int fieldStart = i;
            int value = 0;
            int digits = 0;
            while (i < end && Character.digit(input.charAt(i), 16) >= 0) {
                value = value * 16 + Character.digit(input.charAt(i), 16);
                digits++;
                i++;
            }
            if (i < end && input.charAt(i) == '.') {
                // Embedded IPv4 in the last 32 bits.
                int dotEnd = end;
                String v4 = input.substring(fieldStart, dotEnd);
                if (!v4.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.')) {
                    throw new HamUriSyntaxException(input, fieldStart, "invalid embedded IPv4 address in IPv6 literal");
                }
                checkIpv4(input, fieldStart, v4);
                if (count > 6) {
                    throw new HamUriSyntaxException(input, fieldStart, "IPv6 literal has too many groups");
                }
                String[] p = v4.split("\\.");
                groups[count++] = (Integer.parseInt(p[0]) << 8) | Integer.parseInt(p[1]);
                groups[count++] = (Integer.parseInt(p[2]) << 8) | Integer.parseInt(p[3]);
                i = end;
                break;
            }
            if (digits == 0 && input.charAt(i) == ':') {
                throw new HamUriSyntaxException(input, i, "too many consecutive ':' in IPv6 literal");
            }
            if (digits == 0) {
                throw new HamUriSyntaxException(input, i, "invalid character '" + input.charAt(i) + "' in IPv6 literal");
            }
            if (digits > 4) {
                throw new HamUriSyntaxException(input, fieldStart, "IPv6 group longer than four hex digits");
            }
            if (count == 8) {
                throw new HamUriSyntaxException(input, fieldStart, "IPv6 literal has more than eight groups");
            }
            groups[count++] = value;
            if (i == end) {
                break;
            }
            if (input.charAt(i) != ':') {
                throw new HamUriSyntaxException(input, i, "invalid character '" + input.charAt(i) + "' in IPv6 literal");
            }
            i++;
            if (i < end && input.charAt(i) == ':') {
                if (compressAt >= 0) {
                    throw new HamUriSyntaxException(input, i, "'::' may appear only once in an IPv6 literal");
                }
                compressAt = count;
                i++;
            } else if (i == end) {
                throw new HamUriSyntaxException(input, i - 1, "IPv6 literal must not end with a single ':'");
            }
        }
        int[] full = new int[8];
        if (compressAt >= 0) {
            if (count == 8) {
                throw new HamUriSyntaxException(input, start, "'::' in an IPv6 literal that already has eight groups");
            }
            System.arraycopy(groups, 0, full, 0, compressAt);
            System.arraycopy(groups, compressAt, full, 8 - (count - compressAt), count - compressAt);
        } else {
            if (count != 8) {
                throw new HamUriSyntaxException(input, start, "IPv6 literal has " + count + " groups, needs eight or '::'");
            }
            full = groups;
        }
        return format(full);
    }

    /** RFC 5952: lower case, no leading zeros, the longest run (length >= 2, first if tied) of zero groups as '::'. */
    static String format(int[] g) {
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] == 0) {
                int j = i;
                while (j < 8 && g[j] == 0) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder b = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                b.append("::");
                i += bestLen - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(g[i]));
        }
        return b.toString();
    }
}
