package io.rally.integration.node;

import io.rally.examples.basics.EchoController;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A node like {@code ExampleNodeApplication}, serving the example controllers plus the
 * probes of this package, which tell a test which node handled a request.
 */
@SpringBootApplication(scanBasePackageClasses = { EchoController.class, TestNodeApplication.class })
public class TestNodeApplication {

}
