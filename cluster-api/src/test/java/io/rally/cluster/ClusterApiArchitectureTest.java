package io.rally.cluster;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.rally.testsupport.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The cluster contracts show no Netty type, and no two of their packages depend on each other. */
class ClusterApiArchitectureTest {

	private static final JavaClasses CLASSES = ArchitectureRules.mainClassesOf("io.rally.cluster");

	@Test
	void publicApiHidesNettyAndInternals() {
		ArchitectureRules.publicApiHidesNettyAndInternals("io.rally.cluster").check(CLASSES);
	}

	@Test
	void packagesFormNoCycles() {
		ArchitectureRules.noPackageCycles("io.rally.cluster").check(CLASSES);
	}

}
