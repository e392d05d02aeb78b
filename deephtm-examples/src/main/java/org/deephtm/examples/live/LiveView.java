package org.deephtm.examples.live;

import org.deephtm.examples.watch.PictureSource;
import org.deephtm.examples.watch.RunLayout;
import org.deephtm.examples.watch.RunWatch;
import org.deephtm.online.StepListener;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.Optional;

/**
 * Watch the memory think: a page in the browser that moves while a run learns, served from this
 * process on the JDK's HTTP server with server-sent events. It charts the run's values, draws the
 * memory's columns (correctly predicted, bursting, wrongly predicted) with a column's cells and a
 * cell's segments on request, and lets you pause the run and change its pace.
 *
 * <pre>{@code
 * try (LiveView live = LiveView.start(InetAddress.getLoopbackAddress(), 0, 30)) {
 *     System.out.println("watch at " + live.address());
 *     SineExperiment.run(options, progress, live);   // any run that takes a RunWatch
 * }
 * }</pre>
 *
 * The run never waits for a page: pictures are copied at most 20 times a second while a page is
 * open, and a slow page gets fewer of them. See docs/live-view.md for the event format.
 */
public final class LiveView implements RunWatch, AutoCloseable {

    private final LiveRun run;
    private final LiveServer server;

    private LiveView(LiveRun run, LiveServer server) {
        this.run = run;
        this.server = server;
    }

    /**
     * Starts the server.
     *
     * @param address        where to listen: the loopback address keeps the page on this machine
     * @param port           0 for a free one
     * @param stepsPerSecond the run's pace to start at, or 0 for full speed
     * @throws IOException when the port cannot be had (the message says what to do)
     */
    public static LiveView start(InetAddress address, int port, double stepsPerSecond) throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the live view's port must be in 0..65535 (0: a free one), got " + port);
        }
        LiveRun run = new LiveRun(stepsPerSecond, LiveServer.MAX_PAGES);
        return new LiveView(run, LiveServer.start(run, address, port));
    }

    /** The page's address. */
    public URI address() {
        return server.address();
    }

    /** The run's pace, which the pages' controls change. */
    Pace pace() {
        return run.pace();
    }

    /** Pages open now. */
    public int pagesOpen() {
        return run.pagesOpen();
    }

    @Override
    public void begin(RunLayout layout) {
        run.begin(layout);
    }

    @Override
    public Optional<StepListener> memoryListener() {
        return run.memoryListener();
    }

    @Override
    public void pictures(PictureSource source) {
        run.pictures(source);
    }

    @Override
    public void stepped(long step, double[] values) {
        run.stepped(step, values);
    }

    @Override
    public void end(String summary) {
        run.end(summary);
    }

    /** Stops the server; open pages are told the run is over first, when it is. */
    @Override
    public void close() {
        if (run.summary() == null) {
            run.end("the run stopped");
        }
        server.close();
    }
}
