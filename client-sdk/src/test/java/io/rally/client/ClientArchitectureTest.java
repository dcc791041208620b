package io.rally.client;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.rally.testsupport.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The client's public package shows no Netty and no internal type, and no two packages depend on each other. */
class ClientArchitectureTest {

	private static final JavaClasses CLASSES = ArchitectureRules.mainClassesOf("io.rally.client");

	@Test
	void publicApiHidesNettyAndInternals() {
		ArchitectureRules.publicApiHidesNettyAndInternals("io.rally.client").check(CLASSES);
	}

	@Test
	void packagesFormNoCycles() {
		ArchitectureRules.noPackageCycles("io.rally.client").check(CLASSES);
	}

}
