package io.modelscale.simulation.trace;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads UTF-8 text strictly and, at a byte that is not UTF-8, says where it lies: every character before it is handed
 * over first, then the next read fails with {@link NotUtf8} naming its line (counted from 1), its offset in the stream
 * and its value. A JDK reader with a strict decoder fails as soon as the chunk it decodes holds such a byte, losing
 * the characters before it and so the line.
 */
public final class StrictUtf8Reader extends Reader {

    /** A byte that cannot start or continue a UTF-8 character, and where it lies. */
    public static final class NotUtf8 extends CharacterCodingException {
        private static final long serialVersionUID = 1L;

        private final long line;
        private final long offset;
        private final int value;

        NotUtf8(long line, long offset, int value) {
            this.line = line;
            this.offset = offset;
            this.value = value;
        }

        /** The line it lies on, counted from 1. */
        public long line() {
            return line;
        }

        /** Its offset in the stream, counted from 0. */
        public long offset() {
            return offset;
        }

        /** The byte, 0 to 255. */
        public int value() {
            return value;
        }

        @Override
        public String getMessage() {
            return String.format(Locale.ROOT, "byte 0x%02X at offset %d cannot start or continue a UTF-8 character",
                value, offset);
        }
    }

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(8192).flip();
    /* Bytes of the stream before the buffer's first one. */
    private long consumed;
    private long line = 1;
    private boolean ended;
    private boolean flushed;

    /** Reads {@code in}, which it closes when closed. */
    public StrictUtf8Reader(InputStream in) {
        this.in = Objects.requireNonNull(in, "in");
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        if (length == 0) {
            return 0;
        }
        if (flushed) {
            return -1;
        }
        CharBuffer out = CharBuffer.wrap(buffer, offset, length);
        while (true) {
            CoderResult result = decoder.decode(bytes, out, ended);
            if (result.isError()) {
                if (out.position() > offset) {
                    break; // what came before it first
                }
                throw new NotUtf8(line, consumed + bytes.position(), bytes.get(bytes.position()) & 0xFF);
            }
            if (result.isOverflow() || out.position() > offset) {
                break;
            }
            if (ended) {
                if (!flushed) {
                    decoder.flush(out);
                    flushed = true;
                }
                break;
            }
            refill();
        }
        int n = out.position() - offset;
        for (int i = offset; i < offset + n; i++) {
            if (buffer[i] == '\n') {
                line++;
            }
        }
        return n == 0 && ended ? -1 : n;
    }

    /** Keeps the bytes not yet decoded (part of a character) and reads more after them. */
    private void refill() throws IOException {
        consumed += bytes.position();
        bytes.compact();
        int n = in.read(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        if (n < 0) {
            ended = true;
        } else {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
