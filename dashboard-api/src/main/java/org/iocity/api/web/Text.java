package org.iocity.api.web;

/** Small text helpers shared by the handlers, the consumers and the history: what errors and logs quote. */
public final class Text {
    private Text() {}

    /** A value quoted back in an error, cut short so a long parameter cannot bloat the response. */
    public static String clip(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return "'" + t.replaceAll("\\p{Cntrl}", "?") + "'";
    }

    /** The first line of an exception's message (its cause's, or its class name, when it has none): for logs. */
    public static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null && e.getCause() != null) m = e.getCause().toString();
        if (m == null) m = e.getClass().getSimpleName();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
