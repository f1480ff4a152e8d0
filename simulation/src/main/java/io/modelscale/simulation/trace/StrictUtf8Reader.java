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
 * Reads UTF-8 text strictly and, where the bytes are not UTF-8, says where: every character before them is handed
 * over first, then the next read fails with {@link NotUtf8} naming the line (counted from 1, a line ending at a line
 * feed, a carriage return or both, as a CSV parser counts them), the offset in the stream and the value of the byte
 * that starts the bad sequence. A JDK reader with a strict decoder fails as soon as the chunk it decodes holds such
 * bytes, losing the characters before them and so the line.
 */
public final class StrictUtf8Reader extends Reader {

    /** Bytes that are not a UTF-8 character, and where they start. */
    public static final class NotUtf8 extends CharacterCodingException {
        private static final long serialVersionUID = 1L;

        private final long line;
        private final long offset;
        private final int value;
        private final boolean cutOff;

        NotUtf8(long line, long offset, int value, boolean cutOff) {
            this.line = line;
            this.offset = offset;
            this.value = value;
            this.cutOff = cutOff;
        }

        /** The line they lie on, counted from 1. */
        public long line() {
            return line;
        }

        /** The offset of their first byte in the stream, counted from 0. */
        public long offset() {
            return offset;
        }

        /** Their first byte, 0 to 255. */
        public int value() {
            return value;
        }

        @Override
        public String getMessage() {
            return String.format(Locale.ROOT, "byte 0x%02X at offset %d does not start a UTF-8 character%s", value,
                offset, cutOff ? " (cut off by the end of the file)" : "");
        }
    }

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(8192).flip();
    /* Room for a character outside the Basic Multilingual Plane asked for one char at a time. */
    private final CharBuffer pair = CharBuffer.allocate(2);
    /* Bytes of the stream before the buffer's first one. */
    private long consumed;
    private long line = 1;
    private boolean afterCarriageReturn;
    private int pending = -1;
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
        if (pending >= 0) {
            // the second half of a pair whose first half went out alone
            buffer[offset] = (char) pending;
            pending = -1;
            return 1;
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
                throw new NotUtf8(line, consumed + bytes.position(), bytes.get(bytes.position()) & 0xFF, cutOff());
            }
            if (result.isOverflow() && out.position() == offset) {
                // one char asked for and the next character needs two: hand out its first half, keep the second
                pair.clear();
                decoder.decode(bytes, pair, ended);
                buffer[offset] = pair.get(0);
                pending = pair.get(1);
                out.position(offset + 1);
                break;
            }
            if (result.isOverflow() || out.position() > offset) {
                break;
            }
            if (ended) {
                decoder.flush(out);
                flushed = true;
                break;
            }
            refill();
        }
        int n = out.position() - offset;
        count(buffer, offset, n);
        return n == 0 && flushed ? -1 : n;
    }

    /**
     * Whether the bytes left are the start of a character the end of the stream cut off: a lead byte followed only by
     * continuation bytes, fewer than it announces.
     */
    private boolean cutOff() {
        if (!ended) {
            return false;
        }
        int at = bytes.position();
        int lead = bytes.get(at) & 0xFF;
        int length = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3
            : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
        if (length == 0 || bytes.remaining() >= length) {
            return false;
        }
        for (int i = at + 1; i < bytes.limit(); i++) {
            if ((bytes.get(i) & 0xC0) != 0x80) {
                return false;
            }
        }
        return true;
    }

    /** Counts the line ends among {@code n} characters handed over: LF, CR, or CR LF as one. */
    private void count(char[] buffer, int offset, int n) {
        for (int i = offset; i < offset + n; i++) {
            char c = buffer[i];
            if (c == '\r' || c == '\n' && !afterCarriageReturn) {
                line++;
            }
            afterCarriageReturn = c == '\r';
        }
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
