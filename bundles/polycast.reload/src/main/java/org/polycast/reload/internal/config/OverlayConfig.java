package org.polycast.reload.internal.config;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.polycast.reload.internal.message.DataModel;
import org.polycast.reload.internal.wire.NodeId;

/**
 * The overlay configuration document (RFC 6940 §11.1) as this node uses it: the values, with the
 * RFC's defaults where the document is silent.
 */
public record OverlayConfig(String instanceName, int sequence, String topologyPlugin, int nodeIdLength, List<byte[]> rootCertificates,
        boolean selfSignedPermitted, List<InetSocketAddress> bootstrapNodes, boolean noIce, int maxMessageSize, int initialTtl,
        int reliabilityTimerMillis, String linkProtocol, long chordUpdateIntervalSeconds, long chordPingIntervalSeconds,
        boolean chordReactive, List<String> configurationSigners, Map<Long, KindDefinition> kinds) {
    public static final int DEFAULT_PORT = 6084;

    public OverlayConfig {
        rootCertificates = List.copyOf(rootCertificates);
        bootstrapNodes = List.copyOf(bootstrapNodes);
        configurationSigners = List.copyOf(configurationSigners);
        kinds = Map.copyOf(kinds);
    }

    /** The overlay field of every message: the low 32 bits of SHA-1 of the overlay name (§6.3.2). */
    public static int overlayHash(String name) {
        byte[] d;
        try {
            d = java.security.MessageDigest.getInstance("SHA-1").digest(name.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return (d[16] & 0xff) << 24 | (d[17] & 0xff) << 16 | (d[18] & 0xff) << 8 | d[19] & 0xff;
    }

    public int overlayHash() {
        return overlayHash(instanceName);
    }

    public DataModel modelOf(long kind) {
        KindDefinition k = kinds.get(kind);
        return k == null ? null : k.model();
    }

    public KindDefinition kind(String nameOrId) {
        for (KindDefinition k : kinds.values()) {
            if (k.name().equalsIgnoreCase(nameOrId) || Long.toString(k.id()).equals(nameOrId)
                    || ("0x" + Long.toHexString(k.id())).equalsIgnoreCase(nameOrId)) {
                return k;
            }
        }
        throw new IllegalArgumentException("no kind '" + nameOrId + "' in overlay " + instanceName + "; kinds: " + kindNames());
    }

    public List<String> kindNames() {
        List<String> out = new ArrayList<>();
        kinds.values().stream().sorted(java.util.Comparator.comparingLong(KindDefinition::id)).forEach(k -> out.add(k.name()));
        return out;
    }

    /** Node-IDs are 128 bits here: CHORD-RELOAD fixes them (§10.2). */
    public void requireSupported() {
        if (!"CHORD-RELOAD".equalsIgnoreCase(topologyPlugin)) {
            throw new IllegalArgumentException("topology-plugin " + topologyPlugin + " is not supported (CHORD-RELOAD)");
        }
        if (nodeIdLength != NodeId.LENGTH) {
            throw new IllegalArgumentException("node-id-length " + nodeIdLength + ": CHORD-RELOAD uses 16");
        }
        if (!noIce) {
            throw new IllegalArgumentException("this node speaks TLS-TCP-FH-NO-ICE only: the configuration must say <no-ice>true</no-ice>");
        }
    }

    /** A copy for another instance (the embedded default is written for any overlay name). */
    public OverlayConfig withName(String name) {
        return new OverlayConfig(name, sequence, topologyPlugin, nodeIdLength, rootCertificates, selfSignedPermitted, bootstrapNodes, noIce,
                maxMessageSize, initialTtl, reliabilityTimerMillis, linkProtocol, chordUpdateIntervalSeconds, chordPingIntervalSeconds,
                chordReactive, configurationSigners, kinds);
    }

    public OverlayConfig withUpdateInterval(long seconds) {
        return new OverlayConfig(instanceName, sequence, topologyPlugin, nodeIdLength, rootCertificates, selfSignedPermitted, bootstrapNodes, noIce,
                maxMessageSize, initialTtl, reliabilityTimerMillis, linkProtocol, seconds, chordPingIntervalSeconds, chordReactive,
                configurationSigners, kinds);
    }

    public OverlayConfig withRoots(List<byte[]> roots, boolean selfSigned) {
        return new OverlayConfig(instanceName, sequence, topologyPlugin, nodeIdLength, roots, selfSigned, bootstrapNodes, noIce,
                maxMessageSize, initialTtl, reliabilityTimerMillis, linkProtocol, chordUpdateIntervalSeconds, chordPingIntervalSeconds,
                chordReactive, configurationSigners, kinds);
    }

    static byte[] base64(String text) {
        return Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", "").trim());
    }

    static Map<Long, KindDefinition> kindMap(List<KindDefinition> list) {
        Map<Long, KindDefinition> m = new LinkedHashMap<>();
        for (KindDefinition k : list) {
            if (m.put(k.id(), k) != null) {
                throw new IllegalArgumentException("kind " + k.id() + " defined twice");
            }
        }
        return m;
    }
}
