package io.deepdock.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Free TCP ports on the loopback interface, so embedded services never collide with
 * 5432/5672.
 */
public final class FreePorts {

	private FreePorts() {
	}

	/** A port that nothing listens on right now. */
	public static int find() {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(false);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("no free port on 127.0.0.1", ex);
		}
	}

	/** Whether something already listens on {@code port} at 127.0.0.1. */
	public static boolean isBusy(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

}
