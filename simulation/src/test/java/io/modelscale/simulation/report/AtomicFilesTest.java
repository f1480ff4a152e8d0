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

    /** A report gets the permissions any new file there gets (the umask's), not the owner-only ones of a temp file. */
    @Test
    void aWrite_givesTheFileTheDirectorysDefaultPermissions(@TempDir Path dir) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews()
            .contains("posix"), "POSIX permissions");
        Path plain = Files.createFile(dir.resolve("plain.txt"));
        Path report = dir.resolve("report.md");
        AtomicFiles.writeString(report, "text");
        AtomicFiles.writeString(report, "text again");
        assertThat(Files.getPosixFilePermissions(report)).isEqualTo(Files.getPosixFilePermissions(plain));
        assertThat(Files.getPosixFilePermissions(report))
            .contains(java.nio.file.attribute.PosixFilePermission.OWNER_READ);
    }

    @Test
    void aWrite_replacesTheFile(@TempDir Path dir) throws IOException {
        Path report = dir.resolve("report.md");
        AtomicFiles.writeString(report, "one");
        AtomicFiles.writeString(report, "two");
        assertThat(Files.readString(report)).isEqualTo("two");
    }
}
