package io.deepdock.core.architecture;

import java.util.List;
import java.util.Map;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.deepdock.core.contracts.MessageType;
import jakarta.persistence.Entity;
import org.junit.jupiter.api.Test;

import org.springframework.data.repository.Repository;
import org.springframework.stereotype.Component;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Holds core's plan (README, "How it fits together"): named parts, each with a purpose
 * and the parts it may use ({@link #ALLOWED}), no cycles, the wire format in
 * {@code contracts}, and DL4J confined to a Spring-free {@code ml}.
 */
class CoreArchitectureTest {

	static final JavaClasses CORE = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.deepdock.core");

	/**
	 * Each part of core and the parts it may depend on (besides itself). The order is the
	 * layering: {@code ml} and the infrastructure parts at the bottom, the wire contracts
	 * above them, the features on top. A new arrow is a design decision: add it here,
	 * with the README's table, or do not add it.
	 */
	static final Map<String, List<String>> ALLOWED = Map.ofEntries(
			// the one CSV reader (Commons CSV) with its limits: a leaf, free of Spring
			Map.entry("csv", List.of()),
			// DL4J, networks, training, evaluation, inference, batching: free of Spring
			Map.entry("ml", List.of("csv")),
			// infrastructure, used by the features
			Map.entry("config", List.of()), Map.entry("media", List.of()), Map.entry("users", List.of()),
			Map.entry("quotas", List.of()),
			// the wire: messages, job payloads, job kinds and states, AMQP names
			Map.entry("contracts", List.of("ml", "batch")),
			// batch inputs (zip and CSV readers with their limits)
			Map.entry("batch", List.of("ml", "csv")),
			// the transactional outbox: messages written with the row that caused them
			Map.entry("outbox", List.of("contracts")),
			// the AMQP wiring (exchanges, queues, the job listener factory)
			Map.entry("messaging", List.of("contracts", "jobs")),
			// features
			Map.entry("jobs", List.of("contracts", "media", "outbox", "quotas")),
			Map.entry("models", List.of("contracts", "outbox")), Map.entry("datasets", List.of("batch", "media", "ml")),
			Map.entry("predictions", List.of("ml")), Map.entry("schedules", List.of("contracts", "jobs", "ml")),
			Map.entry("retention", List.of("jobs", "media", "predictions")));

	@Test
	void partsHaveNoCycles() {
		// a cycle makes two parts one: neither can be read, tested or moved alone
		slices().matching("io.deepdock.core.(*)..").should().beFreeOfCycles().check(CORE);
		slices().matching("io.deepdock.core.ml.(*)..").should().beFreeOfCycles().check(CORE);
	}

	@Test
	void partsUseOnlyTheirDeclaredDependencies() {
		// the README's table is the plan; this keeps the code on it
		ALLOWED.forEach((part, allowed) -> {
			String[] packages = java.util.stream.Stream.concat(java.util.stream.Stream.of(part), allowed.stream())
				.map((name) -> "io.deepdock.core." + name + "..")
				.toArray(String[]::new);
			noClasses().that()
				.resideInAPackage("io.deepdock.core." + part + "..")
				.should()
				.dependOnClassesThat(com.tngtech.archunit.core.domain.JavaClass.Predicates
					.resideInAPackage("io.deepdock.core..")
					.and(com.tngtech.archunit.base.DescribedPredicate
						.not(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage(packages))))
				.as(part + " depends only on " + allowed)
				.check(CORE);
		});
	}

	@Test
	void everyPartIsDeclared() {
		// a new package must say what it is for and what it may use
		classes().that()
			.resideInAPackage("io.deepdock.core.(*)..")
			.should()
			.resideInAnyPackage(
					ALLOWED.keySet().stream().map((p) -> "io.deepdock.core." + p + "..").toArray(String[]::new))
			.check(CORE);
	}

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
	void contractsCarryNoEntity() {
		// a payload that held an entity would change whenever its table does
		noClasses().that()
			.resideInAPackage("io.deepdock.core.contracts..")
			.should()
			.dependOnClassesThat()
			.areAnnotatedWith(Entity.class)
			.check(CORE);
	}

	@Test
	void repositoriesAreUsedOnlyByTheirOwnPart() {
		// a table has one owner in core: the part that declares its repository writes it;
		// another part asks that part's entry point
		for (String part : ALLOWED.keySet()) {
			classes().that()
				.areAssignableTo(Repository.class)
				.and()
				.resideInAPackage("io.deepdock.core." + part + "..")
				.should()
				.onlyHaveDependentClassesThat()
				.resideInAPackage("io.deepdock.core." + part + "..")
				.allowEmptyShould(true)
				.check(CORE);
		}
	}

	@Test
	void machineLearningCodeIsFreeOfSpring() {
		// the scheduler ships without DL4J, and the training CLI and the benchmarks run
		// ml
		// without a context: ml is plain Java over DL4J
		noClasses().that()
			.resideInAPackage("io.deepdock.core.ml..")
			.should()
			.beAnnotatedWith(Component.class)
			.orShould()
			.beMetaAnnotatedWith(Component.class)
			.orShould()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..")
			.check(CORE);
	}

	@Test
	void onlyTheMlPackageTouchesDl4j() {
		// keeps DL4J (and its natives) out of the code every service loads
		noClasses().that()
			.resideOutsideOfPackage("io.deepdock.core.ml..")
			.and()
			.resideOutsideOfPackage("org.nd4j..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.deeplearning4j..", "org.nd4j..", "org.bytedeco..")
			.check(CORE);
	}

}
