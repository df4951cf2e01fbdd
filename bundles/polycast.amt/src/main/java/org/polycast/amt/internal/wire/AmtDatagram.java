package org.polycast.amt.internal.wire;

import java.net.InetSocketAddress;

/** An AMT message with its peer: the sender of a received one, the recipient of one to send. */
public record AmtDatagram(AmtMessage message, InetSocketAddress peer) {
}
