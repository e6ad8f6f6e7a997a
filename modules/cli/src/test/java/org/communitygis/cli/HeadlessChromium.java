package org.communitygis.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headless Chromium driven through the Chrome DevTools Protocol over a WebSocket, for browser tests without
 * Node or Selenium. Chromium listens on a free loopback port chosen by itself (reported in the profile's
 * {@code DevToolsActivePort} file), and this class attaches to its first page.
 *
 * <p>Protocol reference: https://chromedevtools.github.io/devtools-protocol/ (domains Page, Runtime, Input).
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path EXECUTABLE = Path.of("/usr/bin/chromium");

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final ObjectMapper json = new ObjectMapper();
    private final Process process;
    private final Path log;
    private final WebSocket socket;
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path log, WebSocket socket) {
        this.process = process;
        this.log = log;
        this.socket = socket;
    }

    /**
     * Starts Chromium with a fresh profile under {@code profileDir} and a window of the given size in CSS
     * pixels, and attaches to its blank first page.
     */
    static HeadlessChromium launch(Path profileDir, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(profileDir);
        Path log = profileDir.resolveSibling(profileDir.getFileName() + ".log");
        List<String> command = new ArrayList<>(List.of(EXECUTABLE.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--disable-default-apps", "--no-first-run", "--no-default-browser-check",
                "--hide-scrollbars", "--mute-audio", "--user-data-dir=" + profileDir,
                "--window-size=" + width + "," + height, "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0", "about:blank"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Process process = builder.start();
        try {
            int port = waitForPort(process, profileDir.resolve("DevToolsActivePort"), log);
            String pageSocket = firstPageSocket(port);
            HeadlessChromium[] self = new HeadlessChromium[1];
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(pageSocket), new Listener(message -> self[0].receive(message)))
                    .get(10, TimeUnit.SECONDS);
            self[0] = new HeadlessChromium(process, log, socket);
            return self[0];
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("Connecting to Chromium's DevTools socket failed. Chromium output:\n"
                    + readLog(log), e);
        }
    }

    private static int waitForPort(Process process, Path portFile, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Chromium exited with code " + process.exitValue() + " before opening its "
                        + "DevTools port; its output:\n" + readLog(log));
            }
            if (Files.exists(portFile)) {
                List<String> lines = Files.readAllLines(portFile, StandardCharsets.UTF_8);
                if (!lines.isEmpty() && lines.get(0).matches("\\d+")) {
                    return Integer.parseInt(lines.get(0));
                }
            }
            Thread.sleep(100);
        }
        throw new IOException("Chromium did not open its DevTools port within " + STARTUP_TIMEOUT.toSeconds()
                + " s; its output:\n" + readLog(log));
    }

    private static String firstPageSocket(int port) throws IOException, InterruptedException {
        HttpResponse<String> list = Http.get("http://127.0.0.1:" + port + "/json/list");
        for (JsonNode target : new ObjectMapper().readTree(list.body())) {
            if ("page".equals(target.path("type").asText())) {
                return target.path("webSocketDebuggerUrl").asText();
            }
        }
        throw new IOException("Chromium reported no page target: " + list.body());
    }

    private static String readLog(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** Sends one DevTools command and returns its {@code result} object. A protocol error is thrown. */
    JsonNode send(String method, ObjectNode params) throws IOException, InterruptedException {
        int id = nextId.getAndIncrement();
        ObjectNode message = json.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", params == null ? json.createObjectNode() : params);
        CompletableFuture<JsonNode> response = new CompletableFuture<>();
        pending.put(id, response);
        socket.sendText(json.writeValueAsString(message), true).join();
        try {
            JsonNode reply = response.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new IOException(method + " failed: " + reply.path("error"));
            }
            return reply.path("result");
        } catch (ExecutionException e) {
            throw new IOException(method + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(method + " timed out after " + COMMAND_TIMEOUT.toSeconds() + " s", e);
        } finally {
            pending.remove(id);
        }
    }

    ObjectNode params() {
        return json.createObjectNode();
    }

    /** Loads a URL in the page and waits for the navigation to be committed. */
    void navigate(String url) throws IOException, InterruptedException {
        send("Page.navigate", params().put("url", url));
    }

    /**
     * Evaluates a JavaScript expression in the page, awaiting it when it is a promise, and returns its value
     * as JSON. An exception in the page is thrown with its description.
     */
    JsonNode evaluate(String expression) throws IOException, InterruptedException {
        JsonNode result = send("Runtime.evaluate", params().put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IOException("JavaScript failed: " + result.path("exceptionDetails").path("exception")
                    .path("description").asText(result.path("exceptionDetails").toString()) + "\nin: " + expression);
        }
        return result.path("result").path("value");
    }

    /**
     * Polls a JavaScript expression until it returns true, or throws with the last value of
     * {@code describe} when the timeout passes.
     */
    void waitFor(String condition, String describe, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (evaluate("!!(" + condition + ")").asBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for " + condition
                + "; page state: " + evaluate(describe));
    }

    /** Clicks the left mouse button at a point in CSS pixels of the viewport, as a user would. */
    void click(double x, double y) throws IOException, InterruptedException {
        send("Input.dispatchMouseEvent", params().put("type", "mouseMoved").put("x", x).put("y", y));
        for (String type : List.of("mousePressed", "mouseReleased")) {
            send("Input.dispatchMouseEvent", params().put("type", type).put("x", x).put("y", y)
                    .put("button", "left").put("buttons", type.equals("mousePressed") ? 1 : 0).put("clickCount", 1));
        }
    }

    /** Returns a PNG screenshot of the viewport. */
    byte[] screenshot() throws IOException, InterruptedException {
        JsonNode result = send("Page.captureScreenshot", params().put("format", "png"));
        return java.util.Base64.getDecoder().decode(result.path("data").asText());
    }

    /** Returns the last lines of Chromium's own output, for failure messages. */
    String log() {
        return readLog(log);
    }

    private void receive(String text) {
        try {
            JsonNode message = json.readTree(text);
            if (message.has("id")) {
                CompletableFuture<JsonNode> response = pending.get(message.path("id").asInt());
                if (response != null) {
                    response.complete(message);
                }
            }
        } catch (IOException e) {
            pending.values().forEach(response -> response.completeExceptionally(e));
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // The browser is stopped below either way.
        }
        // Renderer and helper processes are children of the browser process, so they are stopped by PID too.
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** Joins the text frames of each message, since long ones (screenshots) arrive in parts. */
    private static final class Listener implements WebSocket.Listener {
        private final java.util.function.Consumer<String> sink;
        private final StringBuilder partial = new StringBuilder();

        Listener(java.util.function.Consumer<String> sink) {
            this.sink = sink;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                sink.accept(message);
            }
            webSocket.request(1);
            return null;
        }
    }
}
