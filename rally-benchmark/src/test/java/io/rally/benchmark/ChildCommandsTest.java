package io.rally.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.rally.benchmark.ChildCommands.Launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ChildCommandsTest {

	private static final List<String> PROPERTIES = List.of("rally.mode=cluster", "rally.gate.enabled=false");

	@Test
	void fromAFatJarBootsLauncherRunsTheMainClass() {
		Launch launch = new Launch("/jdk/bin/java", "/work/target/rally-benchmark-exec.jar", true);
		assertThat(ChildCommands.java(launch, List.of("-Xmx2g", "-XX:+UseParallelGC"), "io.rally.gate.GateApplication",
				PROPERTIES))
			.containsExactly("/jdk/bin/java", "-Xmx1g", "-Xmx2g", "-XX:+UseParallelGC",
					"-Dloader.main=io.rally.gate.GateApplication", "-cp", "/work/target/rally-benchmark-exec.jar",
					"org.springframework.boot.loader.launch.PropertiesLauncher", "--rally.mode=cluster",
					"--rally.gate.enabled=false");
	}

	@Test
	void fromAFlatClassPathTheMainClassRunsItself() {
		Launch launch = new Launch("java", "a.jar:classes", false);
		assertThat(ChildCommands.java(launch, List.of(), "io.rally.examples.ExampleNodeApplication", PROPERTIES))
			.containsExactly("java", "-Xmx1g", "-cp", "a.jar:classes", "io.rally.examples.ExampleNodeApplication",
					"--rally.mode=cluster", "--rally.gate.enabled=false");
	}

	@Test
	void logsGoNextToTheFatJarOrIntoTarget() {
		assertThat(new Launch("java", "/work/target/rally-benchmark-exec.jar", true).logDirectory())
			.isEqualTo(Path.of("/work/target/cluster"));
		assertThat(new Launch("java", "a.jar:classes", false).logDirectory()).isEqualTo(Path.of("target", "cluster"));
	}

	@Test
	void testsRunOnAFlatClassPathWithThisJava() {
		Launch launch = Launch.current();
		assertThat(launch.bootJar()).isFalse();
		assertThat(Path.of(launch.java())).isExecutable();
		assertThat(launch.classPath()).isEqualTo(System.getProperty("java.class.path"));
	}

	@Test
	void redisKeepsNothingOnDiskAndListensOnLoopbackOnly() {
		assertThat(ChildCommands.redis("/usr/bin/redis-server", 6400, Path.of("/tmp/r"))).containsExactly(
				"/usr/bin/redis-server", "--port", "6400", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
				"--dir", "/tmp/r");
	}

	@Test
	void redisServerIsFoundWhereCiInstallsIt() {
		// .ci/run installs Debian's redis-server; the cluster tests of other modules need it too.
		assertThat(Path.of(ChildCommands.findRedisServer())).isExecutable();
		assertThat(Files.isExecutable(Path.of("/usr/bin/redis-server"))).isTrue();
	}

	@Test
	void noRedisServerIsAClearError(@TempDir Path empty) {
		String missing = empty.resolve("redis-server").toString();
		assertThatIllegalStateException().isThrownBy(() -> ChildCommands.firstExecutable(List.of(missing)))
			.withMessage("the cluster target needs redis-server, which is in none of [" + missing
					+ "] (Debian: apt-get install redis-server)");
	}

}
