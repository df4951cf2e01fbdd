package org.polycast.reload.internal.link;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;

import javax.crypto.SecretKey;
import javax.net.ssl.SSLSession;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * Debugging only: writes each TLS 1.2 session's master secret in the key log format Wireshark reads
 * ("RSA Session-ID:... Master-Key:..."), so that captured overlay traffic can be decrypted and decoded.
 * Off unless the system property {@code polycast.reload.keylog} names a file. The JDK keeps the
 * secret in a private field, so this needs {@code --add-opens java.base/sun.security.ssl=ALL-UNNAMED}
 * (and, for session ids, {@code -Djdk.tls.server.enableSessionTicketExtension=false}); without them it
 * says once why it cannot log.
 */
final class KeyLogHandler extends ChannelInboundHandlerAdapter {
    private static final String FILE = System.getProperty("polycast.reload.keylog");
    private static final java.util.concurrent.atomic.AtomicBoolean WARNED = new java.util.concurrent.atomic.AtomicBoolean();

    static void addIfEnabled(ChannelPipeline pipeline) {
        if (FILE != null && !FILE.isEmpty()) {
            pipeline.addLast("keylog", new KeyLogHandler());
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == SslHandshakeCompletionEvent.SUCCESS) {
            SSLSession session = ctx.pipeline().get(SslHandler.class).engine().getSession();
            try {
                Field f = session.getClass().getDeclaredField("masterSecret");
                f.setAccessible(true);
                write(session.getId(), ((SecretKey) f.get(session)).getEncoded());
            } catch (ReflectiveOperationException | RuntimeException e) {
                if (WARNED.compareAndSet(false, true)) {
                    System.err.println("polycast.reload: cannot log TLS keys (" + e + "); run with --add-opens java.base/sun.security.ssl=ALL-UNNAMED");
                }
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    private static void write(byte[] sessionId, byte[] master) {
        String line = "RSA Session-ID:" + HexFormat.of().formatHex(sessionId) + " Master-Key:" + HexFormat.of().formatHex(master) + "\n";
        synchronized (KeyLogHandler.class) {
            try {
                Files.writeString(Path.of(FILE), line, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                System.err.println("polycast.reload: cannot write the TLS key log " + FILE + ": " + e.getMessage());
            }
        }
    }
}
