package io.rally.standalone;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Gate, node and mesh in one JVM, with an in-memory registry and locator, and the example
 * controllers. The first thing to run, and enough for a small game.
 */
@SpringBootApplication
public class RallyStandaloneApplication {

	public static void main(String[] args) {
		SpringApplication.run(RallyStandaloneApplication.class, args);
	}

}
