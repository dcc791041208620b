package io.rally.gate.support;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The kcp-go peer of {@code src/test/go/kcppeer}, built with {@code go build} into
 * {@code target/} once per JVM. Without a Go toolchain the calling test is skipped, unless
 * {@code RALLY_REQUIRE_INTEROP=1} is set (as CI does), in which case it fails.
 */
public final class GoKcpPeer {

	private static final Path SOURCE = Path.of("src", "test", "go", "kcppeer");

	private static final Path BINARY = Path.of("target", "kcppeer", "kcppeer");

	private static final String DEBIAN_GOPATH = "/usr/share/gocode";

	private static boolean built;

	private GoKcpPeer() {
	}

	/** The built peer; skips or fails the test when Go is not installed. */
	public static synchronized Path binary() throws Exception {
		if (built) {
			return BINARY;
		}
		Path go = findGo();
		if (go == null) {
			String message = "Go is not installed (Debian: apt-get install golang-go golang-github-xtaci-kcp-dev);"
					+ " the kcp-go interoperability test needs it";
			if ("1".equals(System.getenv("RALLY_REQUIRE_INTEROP"))) {
				fail(message + ", and RALLY_REQUIRE_INTEROP=1 requires the test to run");
			}
			Assumptions.abort(message);
		}
		Files.createDirectories(BINARY.getParent());
		ProcessBuilder build = new ProcessBuilder(go.toString(), "build", "-o", BINARY.toAbsolutePath().toString(), ".")
			.directory(SOURCE.toFile())
			.redirectErrorStream(true);
		// Offline, from Debian's packaged sources (kcp-go and its dependencies), in GOPATH mode.
		build.environment().put("GO111MODULE", "off");
		if (Files.isDirectory(Path.of(DEBIAN_GOPATH)) && System.getenv("GOPATH") == null) {
			build.environment().put("GOPATH", DEBIAN_GOPATH);
		}
		build.environment().put("GOCACHE", Path.of("target", "gocache").toAbsolutePath().toString());
		build.environment().put("GOFLAGS", "");
		Process process = build.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("go build finished").isTrue();
		assertThat(process.exitValue()).as("go build of the kcp-go peer failed:\n" + output).isZero();
		built = true;
		return BINARY;
	}

	/**
	 * Runs the peer as a client of {@code port}: a heartbeat and one request, which must come
	 * back identical. Not {@code fast}, the session keeps kcp-go's own defaults (no nodelay,
	 * 32-segment send window).
	 * @return the peer's output
	 */
	public static String runClient(int port, int route, int seq, String payload, boolean fast) throws Exception {
		Process process = new ProcessBuilder(binary().toAbsolutePath().toString(), "client", "-addr",
				"127.0.0.1:" + port, "-route", Integer.toString(route), "-seq", Integer.toString(seq), "-payload",
				payload, "-fast=" + fast)
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("kcp-go client finished").isTrue();
		assertThat(process.exitValue()).as("kcp-go client: " + output).isZero();
		return output;
	}

	/** Starts the peer as an echo server on a free port, with or without the gate's nodelay settings. */
	public static Server startServer(boolean fast) throws Exception {
		Process process = new ProcessBuilder(binary().toAbsolutePath().toString(), "server", "-addr", "127.0.0.1:0",
				"-fast=" + fast)
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		String line = out.readLine();
		if (line == null || !line.startsWith("LISTENING ")) {
			process.destroyForcibly();
			fail("kcp-go server did not start: " + line);
		}
		String address = line.substring("LISTENING ".length());
		return new Server(process, Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)));
	}

	private static Path findGo() {
		List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
		dirs.add("/usr/lib/go/bin");
		dirs.add("/usr/local/go/bin");
		for (String dir : dirs) {
			Path go = Path.of(dir.isEmpty() ? "." : dir, "go");
			if (Files.isExecutable(go)) {
				return go;
			}
		}
		return null;
	}

	/** A running kcp-go echo server; closing it stops the process. */
	public record Server(Process process, int port) implements AutoCloseable {

		@Override
		public void close() throws IOException {
			this.process.getOutputStream().close();
			this.process.destroy();
			try {
				if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
					this.process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
