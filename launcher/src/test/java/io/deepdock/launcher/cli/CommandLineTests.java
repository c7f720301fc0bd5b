package io.deepdock.launcher.cli;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandLineTests {

	@Test
	void upHasTheDocumentedDefaults() {
		Invocation.Up up = (Invocation.Up) CommandLine.parse("up");
		assertThat(up.web()).isEqualTo(2);
		assertThat(up.workers()).isEqualTo(1);
		assertThat(up.port()).isEqualTo(8080);
		assertThat(up.nginx()).isTrue();
		assertThat(up.home()).isNull();
		assertThat(up.readyTimeout()).isNull();
	}

	@Test
	void upReadsEveryOptionInBothSpellings() {
		Invocation.Up up = (Invocation.Up) CommandLine.parse("up", "--web", "3", "--workers=0", "--port", "9090",
				"--no-nginx", "--timeout=60", "--home", "/tmp/dd");
		assertThat(up).isEqualTo(new Invocation.Up(Path.of("/tmp/dd"), 3, 0, 9090, false, Duration.ofSeconds(60)));
	}

	@Test
	void rolloutTakesWebappWithATimeoutAndAHome() {
		assertThat(CommandLine.parse("rollout", "webapp"))
			.isEqualTo(new Invocation.Rollout(null, "webapp", Duration.ofSeconds(600)));
		assertThat(CommandLine.parse("rollout", "--timeout=90", "webapp", "--home", "x"))
			.isEqualTo(new Invocation.Rollout(Path.of("x"), "webapp", Duration.ofSeconds(90)));
	}

	@Test
	void rolloutRefusesAnythingButWebapp() {
		assertThatThrownBy(() -> CommandLine.parse("rollout")).hasMessageContaining("rollout needs a service");
		assertThatThrownBy(() -> CommandLine.parse("rollout", "worker"))
			.hasMessageStartingWith("rollout can replace webapp replicas only, not 'worker'");
		assertThatThrownBy(() -> CommandLine.parse("rollout", "webapp", "webapp"))
			.hasMessageContaining("rollout takes one service");
		assertThatThrownBy(() -> CommandLine.parse("rollout", "webapp", "--web", "2"))
			.hasMessage("unknown option '--web' for 'rollout'");
	}

	@Test
	void downAndStatusTakeOnlyTheHome() {
		assertThat(CommandLine.parse("down")).isEqualTo(new Invocation.Down(null));
		assertThat(CommandLine.parse("status", "--home=x")).isEqualTo(new Invocation.Status(Path.of("x")));
		assertThatThrownBy(() -> CommandLine.parse("down", "--web", "2"))
			.hasMessage("unknown option '--web' for 'down'");
	}

	@Test
	void helpInEveryUsualSpelling() {
		assertThat(CommandLine.parse("help")).isInstanceOf(Invocation.Help.class);
		assertThat(CommandLine.parse("--help")).isInstanceOf(Invocation.Help.class);
		assertThat(CommandLine.parse("-h")).isInstanceOf(Invocation.Help.class);
	}

	@Test
	void rejectsAMissingOrUnknownCommand() {
		assertThatThrownBy(CommandLine::parse).isInstanceOf(UsageException.class).hasMessage("no command given");
		assertThatThrownBy(() -> CommandLine.parse("start")).hasMessage("unknown command 'start'");
	}

	@Test
	void rejectsBadOptionValuesNamingTheOption() {
		assertThatThrownBy(() -> CommandLine.parse("up", "--web")).hasMessage("--web needs a value");
		assertThatThrownBy(() -> CommandLine.parse("up", "--web", "--no-nginx")).hasMessage("--web needs a value");
		assertThatThrownBy(() -> CommandLine.parse("up", "--web", "two"))
			.hasMessage("--web needs a whole number, not 'two'");
		assertThatThrownBy(() -> CommandLine.parse("up", "--web", "0"))
			.hasMessage("--web must be between 1 and 16, not 0");
		assertThatThrownBy(() -> CommandLine.parse("up", "--port", "70000"))
			.hasMessage("--port must be between 1 and 65535, not 70000");
		assertThatThrownBy(() -> CommandLine.parse("up", "--replicas", "2"))
			.hasMessage("unknown option '--replicas' for 'up'");
	}

	@Test
	void usageNamesEveryCommandAndOption() {
		assertThat(CommandLine.USAGE).contains(" up ", " down ", " status ", " help ", " bench ", "--web", "--workers",
				"--port", "--no-nginx", "--timeout", "--home", "--builtin", "--levers");
	}

	@Test
	void usageNamesTheLoadtestCommandAndItsOptions() {
		assertThat(CommandLine.USAGE).contains(" loadtest ", "--scenario", "predict-image", "--web 1,2,4", "--target",
				"local", "swarm", "--duration 60s", "--steady 5");
	}

	@Test
	void usageNamesEverySwarmCommandAndOption() {
		assertThat(CommandLine.USAGE).contains(" swarm ", "up [--web N] [--workers M] [--port P] [--timeout S]",
				"scale SERVICE=N", "down [--volumes]", "status ", "[--nodes N]");
	}

	@Test
	void usageNamesEveryTrainableTaskAndEveryTrainOption() {
		assertThat(CommandLine.USAGE).contains("digits", "fashion", "toxicity", "--csv", "--dataset", "--epochs",
				"--architecture", "small|lenet|standard|bow", "--batch-size", "--learning-rate", "--seed",
				"--augmentation", "--patience", "--validation-fraction", "--limit");
	}

	@Test
	void trainPassesTheTaskAndItsOptionsOnAndKeepsHomeForItself() {
		Invocation invocation = CommandLine.parse("train", "digits", "--epochs", "3", "--home", "/tmp/x",
				"--architecture=small");
		assertThat(invocation).isInstanceOf(Invocation.Train.class);
		Invocation.Train train = (Invocation.Train) invocation;
		assertThat(train.home()).isEqualTo(Path.of("/tmp/x"));
		// the worker's train command reads --name=value as --name value
		assertThat(train.arguments()).containsExactly("digits", "--epochs", "3", "--architecture=small");
	}

	@Test
	void trainWithoutATaskIsAUsageError() {
		assertThatThrownBy(() -> CommandLine.parse("train")).isInstanceOf(UsageException.class)
			.hasMessageContaining("needs a task");
		assertThatThrownBy(() -> CommandLine.parse("train", "--epochs", "3")).isInstanceOf(UsageException.class);
	}

	@Test
	void logsTakesOneServiceAndFollowInBothSpellings() {
		assertThat(CommandLine.parse("logs", "webapp-1")).isEqualTo(new Invocation.Logs(null, "webapp-1", false));
		assertThat(CommandLine.parse("logs", "worker-1", "-f", "--home", "x"))
			.isEqualTo(new Invocation.Logs(Path.of("x"), "worker-1", true));
		assertThat(CommandLine.parse("logs", "--follow", "scheduler"))
			.isEqualTo(new Invocation.Logs(null, "scheduler", true));
		assertThatThrownBy(() -> CommandLine.parse("logs")).isInstanceOf(UsageException.class)
			.hasMessageContaining("logs needs a service");
		assertThatThrownBy(() -> CommandLine.parse("logs", "../etc")).isInstanceOf(UsageException.class)
			.hasMessageContaining("not a service name");
		assertThat(CommandLine.USAGE).contains(" logs ", "-f, --follow");
	}

	@Test
	void rejectsBadValuesOfEveryNumericOptionNamingIt() {
		assertThatThrownBy(() -> CommandLine.parse("up", "--workers", "17"))
			.hasMessage("--workers must be between 0 and 16, not 17");
		assertThatThrownBy(() -> CommandLine.parse("up", "--timeout=0"))
			.hasMessage("--timeout must be between 1 and 3600, not 0");
		assertThatThrownBy(() -> CommandLine.parse("up", "--port=")).isInstanceOf(UsageException.class)
			.hasMessage("--port needs a value");
		assertThatThrownBy(() -> CommandLine.parse("rollout", "webapp", "--timeout", "7201"))
			.hasMessage("--timeout must be between 1 and 7200, not 7201");
		assertThatThrownBy(() -> CommandLine.parse("rollout", "webapp", "--timeout", "soon"))
			.hasMessage("--timeout needs a whole number, not 'soon'");
		assertThatThrownBy(() -> CommandLine.parse("status", "--home")).hasMessage("--home needs a value");
		assertThatThrownBy(() -> CommandLine.parse("status", "--home=")).hasMessage("--home needs a value");
	}

	@Test
	void anUnknownOptionIsNamedWithoutItsValueAndAStrayWordIsRefused() {
		assertThatThrownBy(() -> CommandLine.parse("up", "--replicas=2"))
			.hasMessage("unknown option '--replicas' for 'up'");
		assertThatThrownBy(() -> CommandLine.parse("up", "now")).hasMessage("unknown option 'now' for 'up'");
		assertThatThrownBy(() -> CommandLine.parse("logs", "webapp-1", "--tail", "5"))
			.hasMessage("unknown option '--tail' for 'logs'");
		assertThatThrownBy(() -> CommandLine.parse("logs", "webapp-1", "worker-1"))
			.hasMessage("logs takes one service, not 'webapp-1' and 'worker-1'");
	}

	@Test
	void aRepeatedOptionKeepsItsLastValueAndAnAtSignIsAPlainWord() {
		assertThat(((Invocation.Up) CommandLine.parse("up", "--web", "2", "--web", "3")).web()).isEqualTo(3);
		assertThat(CommandLine.parse("train", "@digits"))
			.isEqualTo(new Invocation.Train(null, java.util.List.of("@digits")));
	}

	@Test
	void helpIgnoresWhatFollowsIt() {
		assertThat(CommandLine.parse("help", "up")).isInstanceOf(Invocation.Help.class);
	}

}
