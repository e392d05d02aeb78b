package org.deephtm.online;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A file that appears whole or not at all: written to a partial file beside it
 * ({@code <name>.<process>-<n>.partial}), forced to disk, then renamed over it. The partial file
 * is created as any file is, so the user's umask sets its permissions ({@code Files.createTempFile}
 * would make it 0600). On any failure the destination is left as it was and the partial file is
 * removed; a process killed mid-write leaves it, never a torn destination.
 */
public final class AtomicFile {

    /** What writes the file's bytes. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final AtomicLong COUNTER = new AtomicLong();
    private static final Set<Path> UNDER_WAY = ConcurrentHashMap.newKeySet();

    private AtomicFile() {
    }

    /** Writes {@code file} with {@code content}, creating its folder if needed; returns {@code file}. */
    public static Path write(Path file, Content content) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path partial = target.resolveSibling(target.getFileName() + "." + ProcessHandle.current().pid() + "-"
                + COUNTER.incrementAndGet() + ".partial");
        UNDER_WAY.add(partial);
        try {
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                OutputStream out = new KeptOpen(Channels.newOutputStream(channel));
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
            UNDER_WAY.remove(partial);
        }
        return file;
    }

    /** The channel's stream, which the content may close (a zip does) before the channel is forced. */
    private static final class KeptOpen extends FilterOutputStream {

        KeptOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /**
     * Removes the partial files of writes still under way, for a process that stops before they
     * end (a shutdown hook that cannot wait); returns them. Their destinations keep their last
     * whole version.
     */
    public static Set<Path> abandonWritesUnderWay() {
        Set<Path> removed = Set.copyOf(UNDER_WAY);
        for (Path partial : removed) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                // the process is stopping; a partial file left names itself
            }
        }
        return removed;
    }
}
