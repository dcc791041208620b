package io.rally.node;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.rally.testsupport.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The node's public surface is its API: {@code api} and {@code autoconfigure} show no Netty and no internal type, and no two packages depend on each other. */
class NodeArchitectureTest {

	private static final JavaClasses CLASSES = ArchitectureRules.mainClassesOf("io.rally.node");

	@Test
	void publicApiHidesNettyAndInternals() {
		ArchitectureRules.publicApiHidesNettyAndInternals("io.rally.node.api", "io.rally.node.autoconfigure").check(CLASSES);
	}

	@Test
	void packagesFormNoCycles() {
		ArchitectureRules.noPackageCycles("io.rally.node").check(CLASSES);
	}

}
