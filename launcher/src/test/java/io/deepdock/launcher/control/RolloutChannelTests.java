package io.deepdock.launcher.control;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutChannelTests {

	@TempDir
	Path run;

	@Test
	void theLauncherTakesARequestOnceAndTheCommandReadsItsProgressAndResult() throws Exception {
		RolloutChannel command = new RolloutChannel(this.run);
		RolloutChannel launcher = new RolloutChannel(this.run);

		RolloutChannel.Request request = command.submit("webapp").orElseThrow();
		RolloutChannel.Request taken = launcher.take().orElseThrow();
		launcher.progress(taken.id(), "webapp-1: starting its successor on port 1234");

		assertThat(taken).isEqualTo(request);
		assertThat(launcher.take()).isEmpty();
		assertThat(command.result(request.id())).isEmpty();
		launcher.finish(taken.id(), RolloutChannel.OK);
		assertThat(command.result(request.id())).contains(RolloutChannel.OK);
		assertThat(Files.readAllLines(command.log(request.id())))
			.containsExactly("webapp-1: starting its successor on port 1234");
		command.clean(request.id());
		assertThat(this.run).isEmptyDirectory();
	}

	@Test
	void aSecondRequestIsRefusedWhileTheFirstWaits() {
		RolloutChannel channel = new RolloutChannel(this.run);

		assertThat(channel.submit("webapp")).isPresent();
		assertThat(channel.submit("webapp")).isEmpty();
		assertThat(channel.take()).isPresent();
		assertThat(channel.submit("webapp")).isPresent();
	}

	@Test
	void aFailureIsReportedWithItsReason() {
		RolloutChannel channel = new RolloutChannel(this.run);
		RolloutChannel.Request request = channel.submit("webapp").orElseThrow();

		channel.finish(request.id(), "FAILED: webapp-1's successor was not ready within 180 s");

		assertThat(channel.result(request.id())).contains("FAILED: webapp-1's successor was not ready within 180 s");
	}

}
