/*
 * Copyright 2026 the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package io.github.jwtbearer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape of the core module: the package order {@code assertion <- client <- http}
 * (inside {@code client}: {@code registration <- endpoint <- client}), no package cycles,
 * no Nimbus type in a public signature and no Spring Boot at all.
 *
 * @author JWT Bearer for Spring contributors
 */
class ArchitectureTests {

	private static final JavaClasses CORE = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.github.jwtbearer");

	@Test
	void packagesDependOnlyOnThoseAboveThem() {
		ArchRule rule = layeredArchitecture().consideringOnlyDependenciesInLayers()
			.layer("assertion")
			.definedBy("io.github.jwtbearer.assertion..")
			.layer("client")
			.definedBy("io.github.jwtbearer.client..")
			.layer("http")
			.definedBy("io.github.jwtbearer.http..")
			.whereLayer("http")
			.mayNotBeAccessedByAnyLayer()
			.whereLayer("client")
			.mayOnlyBeAccessedByLayers("http")
			.whereLayer("assertion")
			.mayOnlyBeAccessedByLayers("client", "http");
		rule.check(CORE);
	}

	@Test
	void clientSubPackagesDependOnlyOnThoseAboveThem() {
		noClasses().that()
			.resideInAPackage("io.github.jwtbearer.client.registration..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.github.jwtbearer.client", "io.github.jwtbearer.client.endpoint..")
			.check(CORE);
		noClasses().that()
			.resideInAPackage("io.github.jwtbearer.client.endpoint..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.github.jwtbearer.client")
			.check(CORE);
		// the shared stores see opaque bytes; the manager's package turns them into
		// tokens
		noClasses().that()
			.resideInAPackage("io.github.jwtbearer.client.store..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("io.github.jwtbearer.client")
			.check(CORE);
	}

	@Test
	void packagesAreFreeOfCycles() {
		slices().matching("io.github.jwtbearer.(**)").should().beFreeOfCycles().check(CORE);
	}

	@Test
	void noNimbusTypeInPublicSignatures() {
		classes().that(isPublicApi()).should(haveNoNimbusTypeInPublicSignatures()).check(CORE);
	}

	@Test
	void noSpringBootClassIsReferenced() {
		noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework.boot..").check(CORE);
	}

	private static DescribedPredicate<JavaClass> isPublicApi() {
		return DescribedPredicate.describe("are public API", ArchitectureTests::isPublic);
	}

	// a nested type is public API only when every type around it is public too
	private static boolean isPublic(JavaClass javaClass) {
		for (JavaClass type = javaClass; type != null; type = type.getEnclosingClass().orElse(null)) {
			if (!type.getModifiers().contains(JavaModifier.PUBLIC)) {
				return false;
			}
		}
		return true;
	}

	private static ArchCondition<JavaClass> haveNoNimbusTypeInPublicSignatures() {
		return new ArchCondition<>("have no Nimbus type in a public or protected signature") {

			@Override
			public void check(JavaClass javaClass, ConditionEvents events) {
				for (String violation : nimbusTypesInSignatures(javaClass)) {
					events.add(SimpleConditionEvent.violated(javaClass, violation));
				}
			}

		};
	}

	private static List<String> nimbusTypesInSignatures(JavaClass javaClass) {
		List<String> violations = new ArrayList<>();
		Set<JavaClass> supertypes = new LinkedHashSet<>();
		javaClass.getRawSuperclass().ifPresent(supertypes::add);
		supertypes.addAll(javaClass.getRawInterfaces());
		supertypes.stream()
			.filter(ArchitectureTests::isNimbus)
			.forEach((type) -> violations.add(javaClass.getName() + " extends " + type.getName()));
		Stream.concat(javaClass.getCodeUnits().stream(), javaClass.getFields().stream())
			.filter(ArchitectureTests::isVisible)
			.forEach((member) -> involvedTypes(member).stream()
				.filter(ArchitectureTests::isNimbus)
				.forEach((type) -> violations.add(member.getFullName() + " uses " + type.getName())));
		return violations;
	}

	private static boolean isVisible(JavaMember member) {
		Set<JavaModifier> modifiers = member.getModifiers();
		return (modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED))
				&& !modifiers.contains(JavaModifier.SYNTHETIC);
	}

	// raw types of the return, parameter, field and throws types, generics included
	private static Set<JavaClass> involvedTypes(JavaMember member) {
		Set<JavaClass> types = new LinkedHashSet<>();
		if (member instanceof JavaField field) {
			types.addAll(field.getType().getAllInvolvedRawTypes());
		}
		if (member instanceof JavaCodeUnit codeUnit) {
			types.addAll(codeUnit.getReturnType().getAllInvolvedRawTypes());
			codeUnit.getParameterTypes().forEach((type) -> types.addAll(type.getAllInvolvedRawTypes()));
			codeUnit.getThrowsClause().getTypes().forEach(types::add);
		}
		return types;
	}

	private static boolean isNimbus(JavaClass type) {
		return type.getPackageName().startsWith("com.nimbusds");
	}

}
