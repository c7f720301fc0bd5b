package io.deepdock.core.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.deepdock.core.contracts.MessageType;
import org.junit.jupiter.api.Test;

import org.springframework.stereotype.Component;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

class CoreArchitectureTest {

	static final JavaClasses CORE = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.deepdock.core");

	@Test
	void coreDependsOnNoService() {
		// services depend on core, never the other way round, or a change to one service
		// would ripple into all
		noClasses().should()
			.dependOnClassesThat()
			.resideInAnyPackage("io.deepdock.webapp..", "io.deepdock.worker..", "io.deepdock.scheduler..",
					"io.deepdock.launcher..", "io.deepdock.embedded..")
			.check(CORE);
	}

	@Test
	void messagesOnTheWireAreRecordsWithAStableTypeId() {
		// an entity or a class name on the wire would couple every service to one build
		// of core
		classes().that()
			.areAnnotatedWith(MessageType.class)
			.should()
			.beRecords()
			.andShould()
			.resideInAPackage("io.deepdock.core.contracts")
			.check(CORE);
	}

	@Test
	void machineLearningCodeHasNoSpringComponents() {
		// the scheduler ships without DL4J; a component in core.ml would be scanned there
		// and fail to load
		noClasses().that()
			.resideInAPackage("io.deepdock.core.ml..")
			.should()
			.beAnnotatedWith(Component.class)
			.orShould()
			.beMetaAnnotatedWith(Component.class)
			.allowEmptyShould(true)
			.check(CORE);
	}

	@Test
	void onlyTheMlPackageTouchesDl4j() {
		// keeps DL4J (and its natives) out of the code every service loads
		noClasses().that()
			.resideOutsideOfPackage("io.deepdock.core.ml..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.deeplearning4j..", "org.nd4j..", "org.bytedeco..")
			.check(CORE);
	}

}
