package io.rally.protocol;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.rally.testsupport.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** No two packages of the wire codec depend on each other. */
class ProtocolArchitectureTest {

	private static final JavaClasses CLASSES = ArchitectureRules.mainClassesOf("io.rally.protocol");

	@Test
	void packagesFormNoCycles() {
		ArchitectureRules.noPackageCycles("io.rally.protocol").check(CLASSES);
	}

}
