package io.modelscale.simulation.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    /** A writer that fails half-way leaves the old report whole, and no temporary file beside it. */
    @Test
    void aFailedWrite_leavesTheOldFileWhole(@TempDir Path dir) throws IOException {
        Path report = dir.resolve("report.md");
        AtomicFiles.writeString(report, "the old report\n");
        assertThatThrownBy(() -> AtomicFiles.write(report, out -> {
            out.write("half a new rep".getBytes());
            throw new IOException("disk full");
        })).isInstanceOf(IOException.class).hasMessage("disk full");
        assertThat(Files.readString(report)).isEqualTo("the old report\n");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("report.md");
        }
    }

    @Test
    void aWrite_replacesTheFile(@TempDir Path dir) throws IOException {
        Path report = dir.resolve("report.md");
        AtomicFiles.writeString(report, "one");
        AtomicFiles.writeString(report, "two");
        assertThat(Files.readString(report)).isEqualTo("two");
    }
}
