package io.rally.benchmark;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command lines of the processes the cluster target starts: Rally apps in JVMs of their own,
 * run from the benchmark's own class path, and a Redis server. Pure functions of their inputs,
 * apart from {@link Launch#current()} and {@link #findRedisServer()}, which look at this machine.
 */
final class ChildCommands {

	/** What every child JVM gets before the user's options; a later {@code -Xmx} wins. */
	static final List<String> DEFAULT_JVM_ARGS = List.of("-Xmx1g");

	/** Spring Boot's launcher that runs any main class ({@code loader.main}) of a fat jar. */
	static final String BOOT_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

	private static final List<String> REDIS_SERVERS = List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server");

	private ChildCommands() {
	}

	/**
	 * How to start a JVM on the benchmark's classes.
	 *
	 * @param java the {@code java} executable
	 * @param classPath the class path this JVM was started with
	 * @param bootJar whether that class path is one Spring Boot fat jar: its nested jars are then
	 * readable only through Boot's launcher
	 */
	record Launch(String java, String classPath, boolean bootJar) {

		/** As this JVM was started: {@code java -jar rally-benchmark-exec.jar}, or a flat class path. */
		static Launch current() {
			String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
			String classPath = System.getProperty("java.class.path");
			boolean launcher = ClassLoader.getSystemClassLoader()
				.getResource(BOOT_LAUNCHER.replace('.', '/') + ".class") != null;
			boolean bootJar = launcher && !classPath.contains(File.pathSeparator) && classPath.endsWith(".jar");
			return new Launch(java, bootJar ? Path.of(classPath).toAbsolutePath().toString() : classPath, bootJar);
		}

		/** Where the child logs go: {@code cluster/} next to the fat jar (in target/), else target/cluster. */
		Path logDirectory() {
			Path jarDirectory = this.bootJar ? Path.of(this.classPath).getParent() : null;
			return (jarDirectory != null) ? jarDirectory.resolve("cluster") : Path.of("target", "cluster");
		}

	}

	/**
	 * {@code java [defaults] [jvmArgs] -cp <class path> <main> --k=v …}; from a fat jar the main
	 * class is handed to Boot's launcher. Properties are passed as command-line arguments, which
	 * override every {@code application.yml} on the class path.
	 */
	static List<String> java(Launch launch, List<String> jvmArgs, String mainClass, List<String> properties) {
		List<String> command = new ArrayList<>();
		command.add(launch.java());
		command.addAll(DEFAULT_JVM_ARGS);
		command.addAll(jvmArgs);
		if (launch.bootJar()) {
			command.add("-Dloader.main=" + mainClass);
		}
		command.add("-cp");
		command.add(launch.classPath());
		command.add(launch.bootJar() ? BOOT_LAUNCHER : mainClass);
		for (String property : properties) {
			command.add("--" + property);
		}
		return command;
	}

	/** A Redis on loopback that keeps nothing on disk: neither snapshots nor an append-only file. */
	static List<String> redis(String executable, int port, Path directory) {
		return List.of(executable, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
				"--appendonly", "no", "--dir", directory.toString());
	}

	/**
	 * Debian's {@code redis-server}, or one on the {@code PATH}.
	 * @throws IllegalStateException naming the package to install if there is none
	 */
	static String findRedisServer() {
		List<String> candidates = new ArrayList<>(REDIS_SERVERS);
		String path = System.getenv("PATH");
		if (path != null) {
			for (String directory : path.split(File.pathSeparator)) {
				if (!directory.isEmpty()) {
					candidates.add(Path.of(directory, "redis-server").toString());
				}
			}
		}
		return firstExecutable(candidates);
	}

	static String firstExecutable(List<String> candidates) {
		for (String candidate : candidates) {
			if (Files.isExecutable(Path.of(candidate))) {
				return candidate;
			}
		}
		throw new IllegalStateException("the cluster target needs redis-server, which is in none of "
				+ candidates + " (Debian: apt-get install redis-server)");
	}

}
