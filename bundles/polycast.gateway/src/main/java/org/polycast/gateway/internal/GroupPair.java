package org.polycast.gateway.internal;

import org.polycast.api.HamUri;

/** A group as side A and side B name it ({@code NAME} for both, or {@code NAME_A=NAME_B}). */
record GroupPair(HamUri a, HamUri b) {

    static GroupPair parse(String text) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            HamUri n = HamUri.parse(text.trim()).groupName();
            return new GroupPair(n, n);
        }
        return new GroupPair(HamUri.parse(text.substring(0, eq).trim()).groupName(), HamUri.parse(text.substring(eq + 1).trim()).groupName());
    }

    /** The same for both sides of the election, whichever side a gateway calls A. */
    String electionKey(String domainA, String domainB) {
        String left = domainA + "|" + a;
        String right = domainB + "|" + b;
        return left.compareTo(right) <= 0 ? left + "=" + right : right + "=" + left;
    }

    @Override
    public String toString() {
        return a.equals(b) ? a.toString() : a + "=" + b;
    }
}
