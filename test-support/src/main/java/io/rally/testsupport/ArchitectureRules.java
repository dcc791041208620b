package io.rally.testsupport;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The architecture rules every module checks of its own classes with ArchUnit: a public API
 * that shows neither Netty nor the module's {@code internal} packages, and packages without
 * cycles. A module's test imports its main classes with {@link #mainClassesOf} and checks the
 * rules it needs.
 */
public final class ArchitectureRules {

	private ArchitectureRules() {
	}

	/**
	 * The main classes of the module whose tests run, under {@code rootPackage}: its own
	 * {@code target/classes}, neither tests nor the jars of other modules.
	 */
	public static JavaClasses mainClassesOf(String rootPackage) {
		return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
			.importPackages(rootPackage);
	}

	/**
	 * Public types in {@code apiPackages} (each with its sub-packages, but for {@code internal}
	 * ones) whose public or protected
	 * signatures — supertypes, fields, constructors, methods, their type arguments and thrown
	 * exceptions — name no Netty type and no type of an {@code internal} package.
	 */
	public static ArchRule publicApiHidesNettyAndInternals(String... apiPackages) {
		String[] patterns = Arrays.stream(apiPackages).map((name) -> name + "..").toArray(String[]::new);
		return classes().that()
			.resideInAnyPackage(patterns)
			.and()
			.resideOutsideOfPackage("..internal..")
			.and()
			.arePublic()
			.should(exposeNoHiddenType())
			.because("a public API that shows Netty or internal types ties its users to what may change")
			.allowEmptyShould(false);
	}

	/** No cycle between the packages under {@code rootPackage}, each sub-package a slice. */
	public static ArchRule noPackageCycles(String rootPackage) {
		return slices().matching(rootPackage + ".(**)").should().beFreeOfCycles();
	}

	private static ArchCondition<JavaClass> exposeNoHiddenType() {
		return new ArchCondition<>("expose no Netty or internal type in a public signature") {
			@Override
			public void check(JavaClass type, ConditionEvents events) {
				Set<String> hidden = new LinkedHashSet<>();
				type.getRawSuperclass().ifPresent((superclass) -> collect(superclass, "extends", hidden));
				type.getInterfaces().forEach((iface) -> collectAll(iface, "implements", hidden));
				for (JavaField field : type.getFields()) {
					if (visible(field)) {
						collectAll(field.getType(), "field " + field.getName(), hidden);
					}
				}
				for (JavaCodeUnit unit : type.getCodeUnits()) {
					if (!visible(unit) || unit.getName().equals("<clinit>")) {
						continue;
					}
					String where = unit.getName() + "(..)";
					collectAll(unit.getReturnType(), where + " returns", hidden);
					unit.getParameterTypes().forEach((parameter) -> collectAll(parameter, where + " takes", hidden));
					unit.getThrowsClause().getTypes().forEach((thrown) -> collect(thrown, where + " throws", hidden));
				}
				for (String problem : hidden) {
					events.add(SimpleConditionEvent.violated(type, type.getName() + ": " + problem));
				}
			}
		};
	}

	private static boolean visible(JavaMember member) {
		return member.getModifiers().contains(JavaModifier.PUBLIC)
				|| member.getModifiers().contains(JavaModifier.PROTECTED);
	}

	private static void collectAll(JavaType type, String where, Set<String> hidden) {
		type.getAllInvolvedRawTypes().forEach((raw) -> collect(raw, where, hidden));
	}

	private static void collect(JavaClass raw, String where, Set<String> hidden) {
		String name = raw.getName();
		if (name.startsWith("io.netty.") || name.contains(".internal.")) {
			hidden.add(where + " " + name);
		}
	}

}
