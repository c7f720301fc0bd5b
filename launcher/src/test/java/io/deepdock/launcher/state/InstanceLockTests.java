package io.deepdock.launcher.state;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceLockTests {

	@TempDir
	Path directory;

	@Test
	void onlyOneHolderAtATimeAndTheFileNamesIt() {
		Path file = this.directory.resolve("run/launcher.lock");
		assertThat(InstanceLock.isHeld(file)).isFalse();
		Optional<InstanceLock> first = InstanceLock.tryAcquire(file);
		assertThat(first).isPresent();
		assertThat(InstanceLock.tryAcquire(file)).isEmpty();
		assertThat(InstanceLock.ownerPid(file)).contains(ProcessHandle.current().pid());

		first.get().close();

		assertThat(InstanceLock.isHeld(file)).isFalse();
		InstanceLock again = InstanceLock.tryAcquire(file).orElseThrow();
		again.close();
	}

}
