package org.deephtm.examples.csv;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Text files that appear whole or not at all: written beside their destination, then renamed over it. */
public final class AtomicFiles {

    /** What writes the file's text. */
    @FunctionalInterface
    public interface Writer {
        void write(PrintWriter out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes {@code file} with {@code writer}; on any failure the destination is left as it was. */
    public static Path write(Path file, Writer writer) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path partial = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".partial");
        try {
            try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(partial))) {
                writer.write(out);
                out.flush();
                if (out.checkError()) {
                    throw new IOException("writing " + target + " failed (disk full?)");
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        return file;
    }
}
