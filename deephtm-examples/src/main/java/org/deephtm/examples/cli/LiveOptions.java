package org.deephtm.examples.cli;

import org.deephtm.examples.live.LiveView;
import org.deephtm.examples.watch.RunWatch;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * {@code --live [PORT]}, {@code --bind ADDRESS} and {@code --pace STEPS}: watch the run in the
 * browser ({@link LiveView}). Without {@code --live} the run gets {@link RunWatch#NONE} and none
 * of the live view's classes load.
 */
final class LiveOptions {

    /** The port {@code --live} takes when none is given. */
    static final int DEFAULT_PORT = 8765;

    @Option(names = "--live", arity = "0..1", fallbackValue = "" + DEFAULT_PORT, paramLabel = "PORT",
            description = "Watch the run in the browser: a live view of the charts and the memory's columns on "
                    + "http://127.0.0.1:PORT/ (PORT " + DEFAULT_PORT + " when not given; 0 picks a free one). The "
                    + "run goes at --pace and can be paused from the page; the address is printed.")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "The address the live view listens on (default: 127.0.0.1, this machine only). Any other "
                    + "lets whoever reaches this machine watch and pause the run.")
    String bind;

    @Option(names = "--pace", paramLabel = "STEPS",
            description = "The live run's pace to start at, in steps per second; 0 for full speed (default: 30; "
                    + "frames: 0). The page's Slower and Faster change it.")
    Double pace;

    private final double presetPace;

    LiveOptions(double presetPace) {
        this.presetPace = presetPace;
    }

    /** What the run's watcher is, and how to end it. */
    interface Watching extends AutoCloseable {
        RunWatch watch();

        /** The run is over: tell the pages, and keep them while a person at the terminal reads them. */
        void end(String summary);

        @Override
        void close();
    }

    /** The live view, started and announced, with {@code --live}; nobody watching otherwise. */
    Watching start(String command, PrintStream out, PrintStream err) throws IOException {
        if (port == null) {
            if (bind != null || pace != null) {
                throw new IllegalArgumentException((bind != null ? "--bind" : "--pace") + " sets the live view: "
                        + "give it with --live");
            }
            return new Watching() {
                public RunWatch watch() {
                    return RunWatch.NONE;
                }

                public void end(String summary) {
                }

                public void close() {
                }
            };
        }
        return live(command, out, err);
    }

    private Watching live(String command, PrintStream out, PrintStream err) throws IOException {
        InetAddress address = address();
        double stepsPerSecond = pace == null ? presetPace : pace;
        LiveView view = LiveView.start(address, port, stepsPerSecond);
        if (!address.isLoopbackAddress()) {
            err.println(command + ": warning: the live view listens on " + address.getHostAddress() + ": whoever "
                    + "reaches this machine there can watch the run and pause it (the page has no password)");
        }
        out.println("live view: " + view.address() + " (the run goes at " + (stepsPerSecond == 0 ? "full speed"
                : stepsPerSecond + " steps per second") + "; the page pauses it and changes the pace)");
        return new Watching() {
            public RunWatch watch() {
                return view;
            }

            public void end(String summary) {
                view.end(summary);
                if (System.console() != null) {
                    out.println("the run is over; the live view stays at " + view.address() + " until you press "
                            + "Enter");
                    try {
                        new BufferedReader(new InputStreamReader(System.in)).readLine();
                    } catch (IOException e) {
                        // no terminal after all: close now
                    }
                }
            }

            public void close() {
                view.close();
            }
        };
    }

    private InetAddress address() {
        if (bind == null) {
            return InetAddress.getLoopbackAddress();
        }
        try {
            return InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--bind " + bind + " is not an address of this machine: give an IP "
                    + "address such as 127.0.0.1, or 0.0.0.0 for every interface");
        }
    }
}
