package io.rally.cluster.redis;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.rally.testsupport.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The Redis locator and event bus show no Netty and no internal type in their public signatures, and no two packages depend on each other. */
class RedisClusterArchitectureTest {

	private static final JavaClasses CLASSES = ArchitectureRules.mainClassesOf("io.rally.cluster.redis");

	@Test
	void publicApiHidesNettyAndInternals() {
		ArchitectureRules.publicApiHidesNettyAndInternals("io.rally.cluster.redis").check(CLASSES);
	}

	@Test
	void packagesFormNoCycles() {
		ArchitectureRules.noPackageCycles("io.rally.cluster.redis").check(CLASSES);
	}

}
