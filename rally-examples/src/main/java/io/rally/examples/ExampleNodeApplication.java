package io.rally.examples;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A node that serves the example controllers. In a cluster it joins through service
 * discovery and Redis like any game node; standalone mode serves the same controllers from
 * {@code rally-standalone} instead.
 */
@SpringBootApplication
public class ExampleNodeApplication {

	public static void main(String[] args) {
		SpringApplication.run(ExampleNodeApplication.class, args);
	}

}
