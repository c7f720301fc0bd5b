package io.deepdock.core.ml.text;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Passes bytes through unchanged while checking that all of them, to the last, are UTF-8
 * (the JDK's decoder, reporting malformed input): a file is checked as it is copied, in
 * one pass and bounded memory, instead of by its first line only. A malformed byte, or a
 * sequence cut off by the end, fails the read with {@link NotUtf8Exception}, naming the
 * line.
 */
public final class StrictUtf8InputStream extends FilterInputStream {

	private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
		.onMalformedInput(CodingErrorAction.REPORT)
		.onUnmappableCharacter(CodingErrorAction.REPORT);

	/** Bytes not decoded yet: at most a sequence cut by a read's end, then a read's. */
	private final ByteBuffer pending = ByteBuffer.allocate(8 * 1024);

	private final CharBuffer chars = CharBuffer.allocate(8 * 1024);

	private long line = 1;

	private boolean finished;

	public StrictUtf8InputStream(InputStream in) {
		super(in);
	}

	@Override
	public int read() throws IOException {
		int b = super.read();
		if (b == -1) {
			finish();
		}
		else {
			check(new byte[] { (byte) b }, 0, 1);
		}
		return b;
	}

	@Override
	public int read(byte[] b, int off, int len) throws IOException {
		int n = this.in.read(b, off, len);
		if (n == -1) {
			finish();
		}
		else {
			check(b, off, n);
		}
		return n;
	}

	@Override
	public long skip(long n) throws IOException {
		// every byte must be seen: skip by reading
		byte[] buffer = new byte[(int) Math.min(n, 8192)];
		long skipped = 0;
		while (skipped < n) {
			int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
			if (read == -1) {
				break;
			}
			skipped += read;
		}
		return skipped;
	}

	@Override
	public boolean markSupported() {
		return false;
	}

	private void check(byte[] bytes, int off, int len) throws NotUtf8Exception {
		int position = off;
		int end = off + len;
		while (position < end) {
			int chunk = Math.min(end - position, this.pending.remaining());
			this.pending.put(bytes, position, chunk);
			position += chunk;
			this.pending.flip();
			decode(false);
			this.pending.compact();
		}
	}

	private void finish() throws NotUtf8Exception {
		if (this.finished) {
			return;
		}
		this.finished = true;
		this.pending.flip();
		decode(true);
		CoderResult flushed;
		do {
			flushed = this.decoder.flush(this.chars);
			count();
		}
		while (flushed.isOverflow());
	}

	private void decode(boolean endOfInput) throws NotUtf8Exception {
		while (true) {
			CoderResult result = this.decoder.decode(this.pending, this.chars, endOfInput);
			count();
			if (result.isError()) {
				throw new NotUtf8Exception(this.line);
			}
			if (result.isUnderflow()) {
				return;
			}
		}
	}

	private void count() {
		this.chars.flip();
		while (this.chars.hasRemaining()) {
			if (this.chars.get() == '\n') {
				this.line++;
			}
		}
		this.chars.clear();
	}

	/** Bytes that are not UTF-8, on the line named. */
	public static final class NotUtf8Exception extends CharacterCodingException {

		private final long line;

		NotUtf8Exception(long line) {
			this.line = line;
		}

		public long line() {
			return this.line;
		}

		@Override
		public String getMessage() {
			return "not valid UTF-8 on line " + this.line;
		}

	}

}
