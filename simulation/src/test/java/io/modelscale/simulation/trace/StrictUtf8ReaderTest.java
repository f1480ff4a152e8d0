package io.modelscale.simulation.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The strict reader reads what the JDK's decoder reads, in any read sizes and however the bytes arrive, and at a byte
 * that is not UTF-8 hands over everything before it, then names its line, offset and value, worked out by hand.
 */
class StrictUtf8ReaderTest {

    /**
     * Text with one-, two-, three- and four-byte characters, arriving one to seven bytes at a time (so characters
     * are split across reads), read in reads of one to nine characters: the same text as decoding it whole.
     */
    @Test
    void readsValidText_asTheJdkDecodesIt_whateverTheReadSizes() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3_000; i++) {
            text.append(i % 7 == 0 ? "é" : i % 11 == 0 ? "€\n" : i % 13 == 0 ? "\uD83D\uDE00" : "a");
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        SplittableRandom random = new SplittableRandom(3);
        for (int round = 0; round < 20; round++) {
            Reader reader = new StrictUtf8Reader(trickle(bytes, random.nextInt(1, 8)));
            StringBuilder read = new StringBuilder();
            char[] buffer = new char[9];
            int n;
            while ((n = reader.read(buffer, 0, random.nextInt(1, 10))) >= 0) {
                assertThat(n).as("a read of one or more chars gives at least one").isPositive();
                read.append(buffer, 0, n);
            }
            assertThat(read.toString()).isEqualTo(text.toString());
            assertThat(reader.read(buffer, 0, 4)).as("read again at the end").isEqualTo(-1);
        }
    }

    /** "ab\ncd\n" then 0xFF: the six characters before it come first, then line 3, offset 6, byte 0xFF. */
    @Test
    void aByteThatIsNotUtf8_comesAfterEverythingBeforeIt_namedByLineOffsetAndValue() throws IOException {
        byte[] bytes = {'a', 'b', '\n', 'c', 'd', '\n', (byte) 0xFF, 'e'};
        Reader reader = new StrictUtf8Reader(new ByteArrayInputStream(bytes));
        char[] buffer = new char[16];
        assertThat(reader.read(buffer, 0, 16)).isEqualTo(6);
        assertThat(new String(buffer, 0, 6)).isEqualTo("ab\ncd\n");
        assertThatThrownBy(() -> reader.read(buffer, 0, 16)).isInstanceOf(StrictUtf8Reader.NotUtf8.class)
            .hasMessage("byte 0xFF at offset 6 does not start a UTF-8 character")
            .satisfies(e -> assertThat(((StrictUtf8Reader.NotUtf8) e).line()).isEqualTo(3));
    }

    /**
     * A character cut off by the end of the stream (the first two of the three bytes of €) is named where it starts,
     * as cut off; a byte that is never UTF-8 (0xFF) last in the stream is not.
     */
    @Test
    void aCharacterCutOffAtTheEnd_isNamedWhereItStarts() throws IOException {
        byte[] bytes = {'x', '\n', (byte) 0xE2, (byte) 0x82};
        Reader reader = new StrictUtf8Reader(new ByteArrayInputStream(bytes));
        char[] buffer = new char[16];
        assertThat(reader.read(buffer, 0, 16)).isEqualTo(2);
        assertThatThrownBy(() -> reader.read(buffer, 0, 16)).isInstanceOf(StrictUtf8Reader.NotUtf8.class)
            .hasMessage("byte 0xE2 at offset 2 does not start a UTF-8 character (cut off by the end of the file)")
            .satisfies(e -> assertThat(((StrictUtf8Reader.NotUtf8) e).line()).isEqualTo(2));
        Reader stray = new StrictUtf8Reader(new ByteArrayInputStream(new byte[] {'x', (byte) 0xFF}));
        assertThat(stray.read(buffer, 0, 16)).isEqualTo(1);
        assertThatThrownBy(() -> stray.read(buffer, 0, 16))
            .hasMessage("byte 0xFF at offset 1 does not start a UTF-8 character");
    }

    /**
     * Read one char at a time, a character outside the Basic Multilingual Plane (four bytes, two chars) comes out as
     * its two halves, one per read, and then the end: no read of one char gives none.
     */
    @Test
    void oneCharAtATime_aFourByteCharacter_comesOutInTwoReads() throws IOException {
        String text = "a\uD83D\uDE00b";
        Reader reader = new StrictUtf8Reader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        StringBuilder read = new StringBuilder();
        int c;
        int reads = 0;
        while ((c = reader.read()) != -1 && reads++ < 10) {
            read.append((char) c);
        }
        assertThat(read.toString()).isEqualTo(text);
    }

    /**
     * Lines end at a line feed, a carriage return, or both together, as a CSV parser counts them: after "a\r", "b\r\n"
     * and "c\n", a bad byte lies on line 4.
     */
    @Test
    void linesEndAtLfCrOrCrLf() throws IOException {
        byte[] bytes = {'a', '\r', 'b', '\r', '\n', 'c', '\n', (byte) 0xFF};
        Reader reader = new StrictUtf8Reader(new ByteArrayInputStream(bytes));
        char[] buffer = new char[16];
        assertThat(reader.read(buffer, 0, 16)).isEqualTo(7);
        assertThatThrownBy(() -> reader.read(buffer, 0, 16))
            .satisfies(e -> assertThat(((StrictUtf8Reader.NotUtf8) e).line()).isEqualTo(4));
    }

    /** Beyond the first 8 KB, split across reads of the stream: offset and line are the byte's own. */
    @Test
    void aByteThatIsNotUtf8_farIntoTheStream_isNamedAtItsOwnOffset() throws IOException {
        byte[] bytes = new byte[20_000];
        java.util.Arrays.fill(bytes, (byte) 'a');
        for (int i = 99; i < 15_000; i += 100) {
            bytes[i] = '\n';
        }
        bytes[12_345] = (byte) 0xC0;
        Reader reader = new StrictUtf8Reader(trickle(bytes, 5));
        char[] buffer = new char[1_000];
        int read = 0;
        try {
            int n;
            while ((n = reader.read(buffer, 0, buffer.length)) >= 0) {
                read += n;
            }
        } catch (StrictUtf8Reader.NotUtf8 e) {
            assertThat(e.offset()).isEqualTo(12_345);
            assertThat(e.value()).isEqualTo(0xC0);
            assertThat(e.line()).as("123 line ends before offset 12,345").isEqualTo(124);
        }
        assertThat(read).isEqualTo(12_345);
    }

    /** A stream that hands over at most {@code most} bytes per read. */
    private static InputStream trickle(byte[] bytes, int most) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, most));
            }
        };
    }
}
