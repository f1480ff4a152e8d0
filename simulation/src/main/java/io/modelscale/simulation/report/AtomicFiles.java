package io.modelscale.simulation.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes an output whole or not at all: into a temporary file beside it, then moved over it in one step, so that a
 * reader (or a run that fails half-way) never sees half a report.
 */
public final class AtomicFiles {

    /** Writes the bytes of one output. */
    @FunctionalInterface
    public interface Writer {
        /** Writes everything to {@code out}. */
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Replaces {@code target} with {@code text} in UTF-8. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Replaces {@code target} with what {@code writer} writes; on any failure the old file, if any, stays. The file
     * gets the permissions any new file in its directory gets (the user's umask), as a file written in place would:
     * a temporary file made by {@link Files#createTempFile} is readable by its owner alone.
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Path temporary = null;
        OutputStream opened = null;
        for (int attempt = 0; opened == null; attempt++) {
            Path candidate = directory.resolve("." + target.getFileName() + "." + ProcessHandle.current().pid() + "."
                + attempt + ".tmp");
            try {
                opened = Files.newOutputStream(candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                temporary = candidate;
            } catch (FileAlreadyExistsException e) {
                // another writer's temporary file: try the next name
            }
        }
        try {
            try (OutputStream out = opened) {
                writer.write(out);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
