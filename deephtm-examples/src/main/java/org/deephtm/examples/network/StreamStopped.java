package org.deephtm.examples.network;

/**
 * A streaming run stopped at a row boundary because the process was asked to (SIGINT, SIGTERM);
 * the message says which row it stopped after and where the stream's last whole save is.
 */
public final class StreamStopped extends RuntimeException {

    private static final long serialVersionUID = 1L;

    StreamStopped(String message) {
        super(message);
    }
}
