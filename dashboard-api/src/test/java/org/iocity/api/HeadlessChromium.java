package org.iocity.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.iocity.model.records.Json;
import org.iocity.parts.Await;

/**
 * Debian's {@code chromium} run headless on a page, driven over the DevTools protocol with Vert.x's WebSocket client
 * ({@code Runtime.evaluate} reads the DOM). No browser driver library: the browser writes its debugging port to
 * {@code DevToolsActivePort} in its profile folder. {@link #close} ends the browser and its child processes.
 */
final class HeadlessChromium implements AutoCloseable {
    private static final Duration START = Duration.ofSeconds(60);

    private final Process process;
    private final WebSocketClient client;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    /** The chromium binary on this machine, or null. */
    static Path binary() {
        for (String p : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(p))) return Path.of(p);
        }
        return null;
    }

    HeadlessChromium(Vertx vertx, String url, Path profile) throws Exception {
        Path bin = binary();
        if (bin == null) throw new IllegalStateException("chromium is not installed: apt-get install -y chromium");
        process = new ProcessBuilder(bin.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, url)
                .redirectErrorStream(true).redirectOutput(profile.resolveSibling(profile.getFileName() + ".log").toFile())
                .start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            int port = Await.value(START, "chromium's DevToolsActivePort", () -> {
                if (!process.isAlive()) throw new IllegalStateException("chromium exited with " + process.exitValue());
                List<String> lines = Files.exists(portFile) ? Files.readAllLines(portFile) : List.of();
                return lines.isEmpty() || lines.get(0).isBlank() ? null : Integer.valueOf(lines.get(0).strip());
            }, p -> p > 0);
            HttpClient http = HttpClient.newHttpClient();
            String page = Await.value(START, "the page target", () -> {
                String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                        .timeout(Duration.ofSeconds(5)).build(), BodyHandlers.ofString()).body();
                for (JsonNode t : Json.mapper().readTree(body)) {
                    if ("page".equals(t.path("type").asText())) return t.get("webSocketDebuggerUrl").asText();
                }
                return null;
            }, u -> true);
            client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(16 << 20).setMaxMessageSize(64 << 20));
            URI u = URI.create(page);
            socket = client.connect(new WebSocketConnectOptions().setHost(u.getHost()).setPort(u.getPort()).setURI(u.getPath()))
                    .await(30, TimeUnit.SECONDS);
            socket.textMessageHandler(this::received);
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private void received(String text) {
        try {
            JsonNode m = Json.mapper().readTree(text);
            if (!m.has("id")) return; // events
            CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
            if (f != null) f.complete(m);
        } catch (IOException e) {
            // not ours to parse
        }
    }

    /** Evaluates a JavaScript expression in the page and returns its value as JSON (null when it threw). */
    JsonNode eval(String expression) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        ObjectNode call = Json.mapper().createObjectNode();
        call.put("id", id);
        call.put("method", "Runtime.evaluate");
        call.putObject("params").put("expression", expression).put("returnByValue", true);
        socket.writeTextMessage(Json.toString(call)).await(10, TimeUnit.SECONDS);
        JsonNode r = f.get(10, TimeUnit.SECONDS);
        if (r.path("result").has("exceptionDetails")) return null;
        return r.path("result").path("result").path("value");
    }

    /** Waits until the expression's value passes {@code accept}, and returns it. */
    JsonNode await(Duration timeout, String what, String expression, java.util.function.Predicate<JsonNode> accept) {
        return Await.value(timeout, what, () -> eval(expression), v -> v != null && !v.isMissingNode() && accept.test(v));
    }

    @Override
    public void close() {
        if (socket != null) socket.close();
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.forEach(c -> { if (c.isAlive()) c.destroyForcibly(); });
    }
}
