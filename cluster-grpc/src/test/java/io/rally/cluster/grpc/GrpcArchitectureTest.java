package io.rally.cluster.grpc;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.rally.testsupport.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** No two packages of the gRPC links depend on each other. */
class GrpcArchitectureTest {

	private static final JavaClasses CLASSES = ArchitectureRules.mainClassesOf("io.rally.cluster.grpc");

	@Test
	void packagesFormNoCycles() {
		ArchitectureRules.noPackageCycles("io.rally.cluster.grpc").check(CLASSES);
	}

}
