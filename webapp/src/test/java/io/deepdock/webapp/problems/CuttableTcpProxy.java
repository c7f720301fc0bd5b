package io.deepdock.webapp.problems;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of PostgreSQL that a test can cut: every open connection is reset,
 * and new ones are accepted but never answered (a host that went away, the worst case for
 * a client: no refusal, only silence) until {@link #restore()}. Hand-written because it
 * is 100 lines and no test library here offers one without a container.
 */
final class CuttableTcpProxy implements AutoCloseable {

	private final ServerSocket server;

	private final InetSocketAddress target;

	private final List<Socket> open = new CopyOnWriteArrayList<>();

	private volatile boolean cut;

	private volatile boolean closed;

	CuttableTcpProxy(String host, int port) throws IOException {
		this.target = new InetSocketAddress(host, port);
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "tcp-proxy-accept");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	int port() {
		return this.server.getLocalPort();
	}

	/** Resets every open connection; new ones hang until {@link #restore()}. */
	void cut() {
		this.cut = true;
		closeAll();
	}

	/** Drops the hanging connections and forwards again. */
	void restore() {
		this.cut = false;
		closeAll();
	}

	private void closeAll() {
		for (Socket socket : this.open) {
			quietlyClose(socket);
		}
		this.open.clear();
	}

	private void accept() {
		while (!this.closed) {
			try {
				Socket client = this.server.accept();
				this.open.add(client);
				if (this.cut) {
					continue; // held open, never answered
				}
				Socket upstream = new Socket();
				upstream.connect(this.target, 5000);
				this.open.add(upstream);
				pump(client, upstream);
				pump(upstream, client);
			}
			catch (IOException ex) {
				// a closed server socket ends the loop; a refused upstream drops that
				// client
			}
		}
	}

	private void pump(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// the other side went, or the proxy was cut
			}
			finally {
				quietlyClose(from);
				quietlyClose(to);
				this.open.remove(from);
				this.open.remove(to);
			}
		}, "tcp-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	private static void quietlyClose(Socket socket) {
		try {
			socket.setSoLinger(true, 0); // a reset, as a server that died would leave
		}
		catch (IOException ex) {
			// already closed
		}
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	@Override
	public void close() throws IOException {
		this.closed = true;
		this.server.close();
		closeAll();
	}

}
