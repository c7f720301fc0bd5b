package io.deepdock.launcher.up;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import io.deepdock.launcher.layout.PrivateFiles;
import org.slf4j.LoggerFactory;

/**
 * The launcher's own lines also go to {@code .deepdock/logs/launcher.log}, beside the
 * services' logs, for a launcher whose console nobody watches.
 */
final class LauncherLog {

	private LauncherLog() {
	}

	static void to(Path file) {
		if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
			return;
		}
		try {
			if (Files.exists(file)) {
				Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
			}
			PrivateFiles.create(file);
		}
		catch (IOException ex) {
			// appending to the old one is fine too
		}
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setContext(context);
		encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %msg%n");
		encoder.start();
		FileAppender<ILoggingEvent> appender = new FileAppender<>();
		appender.setContext(context);
		appender.setName("launcher-file");
		appender.setFile(file.toString());
		appender.setEncoder(encoder);
		appender.start();
		context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
	}

}
