package org.deephtm.examples.live;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One open page's server-sent events: {@code run} once, then an {@code update} whenever there is
 * news (a picture, a pace, points), with every point since the page's last update and the newest
 * picture only, and {@code end} when the run is over. It runs on one of the server's threads and
 * only reads what the run posted, so a page that reads slowly gets fewer, larger updates; a write
 * that fails (the tab was closed) ends it.
 */
final class EventStream {

    /** How long a quiet stream waits before a comment line that finds out whether the page is still there. */
    static final long KEEP_ALIVE_MILLIS = 1000;

    private final LiveRun run;
    private final OutputStream out;

    private EventStream(LiveRun run, OutputStream out) {
        this.run = run;
        this.out = out;
    }

    /** Streams to the page of {@code exchange} until the run is over or the page goes. */
    static void serve(LiveRun run, HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            new EventStream(run, out).stream();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stream() throws IOException, InterruptedException {
        long news = run.awaitNews(-1, 0);
        while (run.layout() == null) {
            comment();
            news = run.awaitNews(news, KEEP_ALIVE_MILLIS);
        }
        event("run", Events.run(run.layout()));
        long cursor = 0;
        long lastStep = -1;
        long shown = -1;
        Sample sent = null;
        while (true) {
            String summary = run.summary(); // read first: the end comes after the points before it
            List<double[]> points = new ArrayList<>();
            cursor = run.history().copySince(cursor, points);
            if (!points.isEmpty()) {
                lastStep = (long) points.get(points.size() - 1)[0];
            }
            Sample sample = run.latest();
            if (news != shown || !points.isEmpty() || sample != sent) {
                Pace pace = run.pace();
                event("update", Events.update(lastStep, pace.stepsPerSecond(), pace.paused(), points,
                        sample == sent ? null : sample));
                sent = sample;
                shown = news;
            } else {
                comment();
            }
            if (summary != null) {
                event("end", Events.end(lastStep, summary));
                return;
            }
            news = run.awaitNews(news, KEEP_ALIVE_MILLIS);
        }
    }

    private void event(String name, String data) throws IOException {
        out.write(("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void comment() throws IOException {
        out.write(": still there?\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
