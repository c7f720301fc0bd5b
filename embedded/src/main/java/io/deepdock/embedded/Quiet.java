package io.deepdock.embedded;

import org.slf4j.LoggerFactory;

/**
 * Qpid logs at DEBUG by default; quieten it before it starts (Spring re-applies its own
 * levels later).
 */
final class Quiet {

	private Quiet() {
	}

	static void qpid() {
		if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
			context.getLogger("org.apache.qpid").setLevel(ch.qos.logback.classic.Level.WARN);
			context.getLogger("qpid").setLevel(ch.qos.logback.classic.Level.WARN);
		}
	}

}
