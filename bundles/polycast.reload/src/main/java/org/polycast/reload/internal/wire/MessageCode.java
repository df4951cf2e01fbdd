package org.polycast.reload.internal.wire;

/** Message codes (RFC 6940 §14.8): requests are odd, their answers one more; 0xFFFF is an error. */
public final class MessageCode {
    public static final int PROBE = 0x01;
    public static final int ATTACH = 0x03;
    public static final int STORE = 0x07;
    public static final int FETCH = 0x09;
    public static final int FIND = 0x0D;
    public static final int JOIN = 0x0F;
    public static final int LEAVE = 0x11;
    public static final int UPDATE = 0x13;
    public static final int ROUTE_QUERY = 0x15;
    public static final int PING = 0x17;
    public static final int STAT = 0x19;
    public static final int APP_ATTACH = 0x1D;
    public static final int CONFIG_UPDATE = 0x21;
    public static final int EXP_A = 0x23;
    public static final int EXP_B = 0x25;
    public static final int ERROR = 0xFFFF;

    private MessageCode() {
    }

    public static boolean isRequest(int code) {
        return code != ERROR && (code & 1) == 1;
    }

    public static int answerTo(int request) {
        return request + 1;
    }

    public static String name(int code) {
        String base = switch (code == ERROR ? code : code | 1) {
            case PROBE -> "probe";
            case ATTACH -> "attach";
            case STORE -> "store";
            case FETCH -> "fetch";
            case FIND -> "find";
            case JOIN -> "join";
            case LEAVE -> "leave";
            case UPDATE -> "update";
            case ROUTE_QUERY -> "route_query";
            case PING -> "ping";
            case STAT -> "stat";
            case APP_ATTACH -> "app_attach";
            case CONFIG_UPDATE -> "config_update";
            case EXP_A -> "exp_a";
            case EXP_B -> "exp_b";
            case ERROR -> "error";
            default -> "unknown(0x" + Integer.toHexString(code) + ")";
        };
        return code == ERROR ? base : base + (isRequest(code) ? "_req" : "_ans");
    }
}
