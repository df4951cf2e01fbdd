package org.polycast.reload.internal.link;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;

import javax.crypto.SecretKey;
import javax.net.ssl.SSLSession;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslMasterKeyHandler;

/**
 * Debugging only: writes TLS 1.2 master secrets in the NSS key log format Wireshark reads, so that
 * captured overlay traffic can be decrypted and decoded. Off unless the system property
 * {@code polycast.reload.keylog} names a file; needs {@code -Dio.netty.ssl.masterKeyHandler=true} and
 * {@code --add-opens java.base/sun.security.ssl=ALL-UNNAMED}, which the launcher adds when asked.
 */
final class KeyLogHandler extends SslMasterKeyHandler {
    private static final String FILE = System.getProperty("polycast.reload.keylog");

    static void addIfEnabled(ChannelPipeline pipeline) {
        if (FILE != null && !FILE.isEmpty()) {
            pipeline.addLast("keylog", new KeyLogHandler());
        }
    }

    @Override
    protected void accept(SecretKey masterKey, SSLSession session) {
        String line = "RSA Session-ID:" + HexFormat.of().formatHex(session.getId()) + " Master-Key:" + HexFormat.of().formatHex(masterKey.getEncoded())
                + "\n";
        synchronized (KeyLogHandler.class) {
            try {
                Files.writeString(Path.of(FILE), line, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                System.err.println("polycast.reload: cannot write the TLS key log " + FILE + ": " + e.getMessage());
            }
        }
    }
}
