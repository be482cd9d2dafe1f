package org.iocity.api.views;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The wall page ({@code webroot/wall.html}) with its settings filled in once at start (the tile URL template). */
public final class WallPage {
    static final String RESOURCE = "webroot/wall.html";
    static final String TILES_PLACEHOLDER = "<meta name=\"ioc-tiles\" content=\"\">";

    private WallPage() {}

    public static String render(String tiles) {
        String html;
        try (InputStream in = WallPage.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
            html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (tiles == null || tiles.isBlank()) return html;
        return html.replace(TILES_PLACEHOLDER, "<meta name=\"ioc-tiles\" content=\"" + escape(tiles.strip()) + "\">");
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
