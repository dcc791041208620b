package io.rally.testsupport;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules catch what they are for, on fixture packages made to break them. */
class ArchitectureRulesTest {

	private static final JavaClasses FIXTURE = new ClassFileImporter()
		.importPackages("io.rally.testsupport.fixture");

	@Test
	void aPublicSignatureThatShowsNettyOrAnInternalTypeIsReported() {
		EvaluationResult result = ArchitectureRules.publicApiHidesNettyAndInternals("io.rally.testsupport.fixture.api")
			.evaluate(FIXTURE);
		assertThat(result.getFailureReport().getDetails()).hasSize(2)
			.anySatisfy((line) -> assertThat(line).contains("ShowsNetty: write(..) takes io.netty.buffer.ByteBuf"))
			.anySatisfy((line) -> assertThat(line)
				.contains("ShowsInternal: hidden(..) returns io.rally.testsupport.fixture.internal.Hidden"))
			.noneSatisfy((line) -> assertThat(line).contains("Clean"));
	}

	@Test
	void packagesThatDependOnEachOtherAreReported() {
		EvaluationResult result = ArchitectureRules.noPackageCycles("io.rally.testsupport.fixture").evaluate(FIXTURE);
		assertThat(result.hasViolation()).isTrue();
		assertThat(result.getFailureReport().toString()).contains("fixture.a.A").contains("fixture.b.B");
	}

	@Test
	void packagesWithoutCyclesPass() {
		JavaClasses apiOnly = new ClassFileImporter().importPackages("io.rally.testsupport.fixture.api",
				"io.rally.testsupport.fixture.internal");
		assertThat(ArchitectureRules.noPackageCycles("io.rally.testsupport.fixture").evaluate(apiOnly).hasViolation())
			.isFalse();
	}

}
