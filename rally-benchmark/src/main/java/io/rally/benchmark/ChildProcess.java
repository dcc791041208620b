package io.rally.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A process the cluster target started, its standard output and error both in one log file.
 * Stopping asks first ({@code SIGTERM}, so that a Spring app closes its context) and kills only
 * if that takes too long.
 */
final class ChildProcess {

	private final String name;

	private final Process process;

	private final Path log;

	private ChildProcess(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
	}

	/** Starts {@code command}, its output (over)writing {@code log}. */
	static ChildProcess start(String name, List<String> command, Path log) {
		try {
			Files.createDirectories(log.toAbsolutePath().getParent());
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			return new ChildProcess(name, process, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start the " + name + ": " + String.join(" ", command), ex);
		}
	}

	String name() {
		return this.name;
	}

	Path log() {
		return this.log;
	}

	long pid() {
		return this.process.pid();
	}

	/**
	 * @throws IllegalStateException with the exit code and the log's tail if the process ended
	 */
	void requireAlive() {
		if (!this.process.isAlive()) {
			throw new IllegalStateException("the " + this.name + " exited with code " + this.process.exitValue()
					+ "; last lines of " + this.log + ":\n" + tail(30));
		}
	}

	/** Asks the process to end; {@link #awaitStop} waits for it. */
	void requestStop() {
		this.process.destroy();
	}

	/** Waits up to {@code grace} for the process to end, then kills it. */
	void awaitStop(Duration grace) {
		try {
			if (!this.process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	/** The last {@code lines} lines of the log, indented; a note instead if it cannot be read. */
	String tail(int lines) {
		try {
			List<String> all = List.of(new String(Files.readAllBytes(this.log), StandardCharsets.UTF_8).split("\n"));
			StringBuilder tail = new StringBuilder();
			for (String line : all.subList(Math.max(0, all.size() - lines), all.size())) {
				tail.append("    | ").append(line).append('\n');
			}
			return tail.toString();
		}
		catch (IOException ex) {
			return "    (log not readable: " + ex.getMessage() + ")\n";
		}
	}

}
