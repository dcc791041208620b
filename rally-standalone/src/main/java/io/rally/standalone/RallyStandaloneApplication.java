package io.rally.standalone;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Gate, node and mesh in one JVM, with an in-memory registry and locator, serving the example
 * controllers of {@code io.rally.examples.basics} and the example game of
 * {@code io.rally.examples.game} (lobby and battles on the one node, its wallet on the mesh
 * server of this JVM, on loopback). The first thing to run, and enough for a small game: a
 * team's own standalone server is the same class with its controllers scanned instead.
 */
@SpringBootApplication(
		scanBasePackages = { "io.rally.standalone", "io.rally.examples.basics", "io.rally.examples.game" })
public class RallyStandaloneApplication {

	public static void main(String[] args) {
		SpringApplication.run(RallyStandaloneApplication.class, args);
	}

}
