package io.rally.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ChildProcessTest {

	@TempDir
	Path logs;

	@Test
	void anEndedProcessIsReportedWithItsExitCodeAndLogTail() {
		ChildProcess child = ChildProcess.start("shell",
				List.of("sh", "-c", "for i in 1 2 3 4 5; do echo line $i; done; echo oops >&2; exit 3"),
				this.logs.resolve("sub/shell.log"));
		child.awaitStop(Duration.ofSeconds(30));
		assertThat(child.tail(2)).isEqualTo("    | line 5\n    | oops\n");
		assertThatIllegalStateException().isThrownBy(child::requireAlive)
			.withMessageStartingWith("the shell exited with code 3; last lines of " + child.log())
			.withMessageContaining("| line 1");
	}

	@Test
	void stopEndsARunningProcess() {
		ChildProcess child = ChildProcess.start("sleeper", List.of("sleep", "600"), this.logs.resolve("sleep.log"));
		child.requireAlive();
		child.requestStop();
		child.awaitStop(Duration.ofSeconds(30));
		assertThatIllegalStateException().isThrownBy(child::requireAlive).withMessageContaining("the sleeper exited");
	}

}
