package org.deephtm.examples.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Output locations checked before a command starts its work, so a long run never ends in "cannot write". */
final class OutputPaths {

    /** The folders {@link #folder} created, outermost first, so that a run that writes nothing leaves none. */
    private static final List<Path> CREATED = Collections.synchronizedList(new ArrayList<>());

    private OutputPaths() {
    }

    /** Creates {@code folder} if needed and proves it writable; the message names the option and the fix. */
    static Path folder(Path folder, String option) throws IOException {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new IllegalArgumentException(option + " " + folder + " is a file, not a folder: give a folder "
                    + "path");
        }
        for (Path up = folder.toAbsolutePath().getParent(); up != null; up = up.getParent()) {
            if (Files.exists(up)) {
                if (!Files.isDirectory(up)) {
                    throw new IllegalArgumentException(option + " " + folder + ": a parent of it is a file (" + up
                            + "): give a folder path");
                }
                break;
            }
        }
        List<Path> missing = new ArrayList<>();
        for (Path p = folder.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(0, p);
        }
        try {
            Files.createDirectories(folder);
            CREATED.addAll(missing);
            Files.delete(Files.createTempFile(folder, ".deephtm-write-check", ".tmp"));
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalArgumentException(option + " " + folder + " cannot be written (" + e + "): give a "
                    + "folder you can write to", e);
        }
        return folder;
    }

    /**
     * Removes the folders {@link #folder} created that are still empty, innermost first: a run
     * refused or stopped before its outputs leaves no folder behind.
     */
    static void removeEmptyFoldersCreated() {
        synchronized (CREATED) {
            for (int i = CREATED.size() - 1; i >= 0; i--) {
                try {
                    Files.deleteIfExists(CREATED.get(i));
                } catch (IOException e) {
                    // not empty (outputs, or files another program put there): it stays
                }
            }
            CREATED.clear();
        }
    }

    /** Proves {@code file}'s folder writable (creating it) and that {@code file} is not a folder. */
    static Path file(Path file, String option) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + " " + file + " is a folder: give a file path");
        }
        Path parent = file.toAbsolutePath().getParent();
        folder(parent, option + " (its folder)");
        return file;
    }
}
