package io.rally.gate;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.rally.testsupport.ArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * The gate's public surface is its API: {@code api} and {@code autoconfigure} show no Netty
 * and no internal type, and no two packages depend on each other.
 */
class GateArchitectureTest {

	private static final JavaClasses GATE = ArchitectureRules.mainClassesOf("io.rally.gate");

	@Test
	void publicApiHidesNettyAndInternals() {
		ArchitectureRules.publicApiHidesNettyAndInternals("io.rally.gate.api", "io.rally.gate.autoconfigure")
			.check(GATE);
	}

	@Test
	void packagesFormNoCycles() {
		ArchitectureRules.noPackageCycles("io.rally.gate").check(GATE);
	}

}
