package org.deephtm.examples.live;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live view's HTTP server, the JDK's own: one page and its scripts (from the classpath, a
 * fixed list: no request reaches the file system), the event stream, and two commands.
 * <pre>
 *   GET  /                     the page; /live.js, /live.css, /uplot.js, /uplot.css its parts
 *   GET  /events               server-sent events (see {@link EventStream})
 *   POST /control?action=A     pause, resume, slower, faster
 *   POST /focus?column=C&amp;cell=N  look closely at column C (and cell N of it); no parameters: at nothing
 * </pre>
 * A request it cannot serve gets a 4xx with a line saying why, and leaves the run as it was.
 */
final class LiveServer implements AutoCloseable {

    /** Pages that may be open at once; each holds one of the server's threads. */
    static final int MAX_PAGES = 4;

    private record Resource(String path, String type) {
    }

    private static final String UPLOT = uplotFolder();

    private static final Map<String, Resource> FILES = Map.of(
            "/", new Resource("/org/deephtm/examples/live/index.html", "text/html; charset=utf-8"),
            "/live.js", new Resource("/org/deephtm/examples/live/live.js", "text/javascript; charset=utf-8"),
            "/live.css", new Resource("/org/deephtm/examples/live/live.css", "text/css; charset=utf-8"),
            "/uplot.js", new Resource(UPLOT + "/dist/uPlot.iife.min.js", "text/javascript; charset=utf-8"),
            "/uplot.css", new Resource(UPLOT + "/dist/uPlot.min.css", "text/css; charset=utf-8"));

    private static final Set<String> ACTIONS = Set.of("pause", "resume", "slower", "faster");

    private final LiveRun run;
    private final HttpServer server;
    private final ExecutorService threads;

    private LiveServer(LiveRun run, HttpServer server, ExecutorService threads) {
        this.run = run;
        this.server = server;
        this.threads = threads;
    }

    /**
     * Serves {@code run} on {@code address:port} (port 0: a free one).
     *
     * @throws IOException when the port cannot be had, with what to do about it
     */
    static LiveServer start(LiveRun run, InetAddress address, int port) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), 16);
        } catch (BindException e) {
            throw new IOException("the live view cannot listen on " + address.getHostAddress() + ":" + port + " ("
                    + e.getMessage() + "): give another port with --live PORT (--live 0 for a free one), or an "
                    + "address of this machine with --bind", e);
        }
        AtomicInteger count = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(MAX_PAGES + 4, r -> {
            Thread t = new Thread(r, "live-view-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        LiveServer live = new LiveServer(run, server, threads);
        server.createContext("/", live::handle);
        server.setExecutor(threads);
        server.start();
        return live;
    }

    /** The page's address. */
    URI address() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    @Override
    public void close() {
        server.stop(1); // a second for the open pages to be told the end
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            route(exchange);
        } catch (IllegalArgumentException e) {
            refuse(exchange, 400, e.getMessage());
        } catch (IllegalStateException e) {
            refuse(exchange, 409, e.getMessage());
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        if (FILES.containsKey(path) || path.equals("/events")) {
            if (!method.equals("GET")) {
                refuse(exchange, 405, path + " answers GET, not " + method, "GET");
            } else if (!query.isEmpty()) {
                refuse(exchange, 400, path + " takes no parameters, got " + query.keySet());
            } else if (path.equals("/events")) {
                events(exchange);
            } else {
                file(exchange, FILES.get(path));
            }
        } else if (path.equals("/control") || path.equals("/focus")) {
            if (!method.equals("POST")) {
                refuse(exchange, 405, path + " answers POST, not " + method, "POST");
            } else if (path.equals("/control")) {
                control(exchange, query);
            } else {
                focus(exchange, query);
            }
        } else {
            refuse(exchange, 404, "no such page: " + path + " (the live view is at /)");
        }
    }

    private void events(HttpExchange exchange) throws IOException {
        if (!run.pageOpened()) {
            refuse(exchange, 503, MAX_PAGES + " pages are open already: close one");
            return;
        }
        try {
            EventStream.serve(run, exchange);
        } catch (IOException gone) {
            // the page went away: nothing to answer
        } finally {
            run.pageClosed();
        }
    }

    private void control(HttpExchange exchange, Map<String, String> query) throws IOException {
        String action = query.get("action");
        if (query.size() != 1 || action == null || !ACTIONS.contains(action)) {
            throw new IllegalArgumentException("/control takes action=pause, resume, slower or faster, got "
                    + query);
        }
        Pace pace = run.pace();
        switch (action) {
            case "pause" -> {
                pace.pause();
                pace.refresh(); // the page shows the step the run holds at
            }
            case "resume" -> pace.resume();
            case "slower" -> pace.slower();
            default -> pace.faster();
        }
        noContent(exchange);
    }

    private void focus(HttpExchange exchange, Map<String, String> query) throws IOException {
        for (String key : query.keySet()) {
            if (!key.equals("column") && !key.equals("cell")) {
                throw new IllegalArgumentException("/focus takes column and cell, got " + key);
            }
        }
        if (query.containsKey("cell") && !query.containsKey("column")) {
            throw new IllegalArgumentException("/focus needs the column of cell " + query.get("cell"));
        }
        run.focus(new Focus(index(query, "column"), index(query, "cell")));
        noContent(exchange);
    }

    private static int index(Map<String, String> query, String key) {
        String value = query.get(key);
        if (value == null) {
            return -1;
        }
        try {
            int i = Integer.parseInt(value);
            if (i < 0) {
                throw new NumberFormatException();
            }
            return i;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number >= 0, got '" + value + "'");
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (query.put(key, decode(eq < 0 ? "" : pair.substring(eq + 1))) != null) {
                throw new IllegalArgumentException("parameter " + key + " given twice");
            }
        }
        return query;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static void file(HttpExchange exchange, Resource resource) throws IOException {
        byte[] body;
        try (InputStream in = LiveServer.class.getResourceAsStream(resource.path())) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("the live view's " + resource.path()
                        + " is missing from the classpath"));
            }
            body = in.readAllBytes();
        }
        exchange.getResponseHeaders().set("Content-Type", resource.type());
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void noContent(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(204, -1);
    }

    private static void refuse(HttpExchange exchange, int code, String why, String... allow) throws IOException {
        byte[] body = (why + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        if (allow.length > 0) {
            exchange.getResponseHeaders().set("Allow", allow[0]);
        }
        exchange.sendResponseHeaders(code, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Where the uPlot WebJar keeps its files, by the version its Maven metadata names. */
    private static String uplotFolder() {
        Properties p = new Properties();
        try (InputStream in = LiveServer.class.getResourceAsStream(
                "/META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the uPlot WebJar (org.webjars.npm:uplot) is not on the classpath");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "/META-INF/resources/webjars/uplot/" + p.getProperty("version");
    }
}
