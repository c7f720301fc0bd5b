package io.deepdock.core.models;

import java.nio.file.Path;
import java.time.Duration;

import io.deepdock.core.contracts.MessageCodec;
import io.deepdock.core.contracts.ModelPromoted;
import io.deepdock.core.contracts.Topology;
import io.deepdock.embedded.test.WithInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SpringBootTest
@WithInfrastructure
class ModelRegistryIT {

	@TempDir
	static Path media;

	@DynamicPropertySource
	static void media(DynamicPropertyRegistry registry) {
		registry.add("deepdock.media.dir", () -> media.toString());
	}

	@Autowired
	ModelRegistry registry;

	@Autowired
	ModelVersionRepository versions;

	@Autowired
	RabbitAdmin admin;

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	MessageCodec codec;

	@Autowired
	Topology topology;

	String task;

	Queue events;

	@BeforeEach
	void listenToPromotions() {
		this.task = "registry-" + System.nanoTime();
		// named and non-exclusive: Qpid scopes exclusive queues to the declaring channel,
		// not the connection
		Queue queue = new Queue("test.promotions." + this.task, false, false, false);
		this.admin.declareQueue(queue);
		this.admin.declareBinding(BindingBuilder.bind(queue)
			.to(new TopicExchange(this.topology.eventsExchange()))
			.with("model." + this.task + ".promoted"));
		this.events = queue;
	}

	@AfterEach
	void removeQueue() {
		this.admin.deleteQueue(this.events.getName());
	}

	ModelVersion ready() {
		ModelVersion version = this.registry.register(this.task, null, null, "{}");
		return this.registry.markReady(version.getId(), "{\"accuracy\":0.9}", "models/x.zip", 10, "a".repeat(64));
	}

	ModelPromoted nextPromotion() {
		Message message = this.rabbit.receive(this.events.getName(), Duration.ofSeconds(10).toMillis());
		assertThat(message).as("a model.promoted event").isNotNull();
		return this.codec.decode(message, ModelPromoted.class);
	}

	@Test
	void versionsAreNumberedPerTaskFromOne() {
		assertThat(this.registry.register(this.task, null, null, "{}").getVersion()).isEqualTo(1);
		assertThat(this.registry.register(this.task, null, null, "{}").getVersion()).isEqualTo(2);
	}

	@Test
	void promotingRetiresTheChampionAndAnnouncesTheSwap() {
		ModelVersion first = ready();
		ModelVersion second = ready();
		this.registry.promote(first.getId());
		assertThat(nextPromotion().versionId()).isEqualTo(first.getId());
		this.registry.promote(second.getId());
		ModelPromoted event = nextPromotion();
		assertThat(event.versionId()).isEqualTo(second.getId());
		assertThat(event.previousVersionId()).isEqualTo(first.getId());
		assertThat(this.versions.findById(first.getId()).orElseThrow().getStatus()).isEqualTo(ModelStatus.RETIRED);
		assertThat(this.registry.active(this.task)).get().extracting(ModelVersion::getId).isEqualTo(second.getId());
	}

	@Test
	void rollbackReactivatesThePreviousChampion() {
		ModelVersion first = ready();
		ModelVersion second = ready();
		this.registry.promote(first.getId());
		this.registry.promote(second.getId());
		ModelVersion back = this.registry.rollback(this.task);
		assertThat(back.getId()).isEqualTo(first.getId());
		assertThat(this.versions.findById(second.getId()).orElseThrow().getStatus()).isEqualTo(ModelStatus.RETIRED);
		assertThat(this.registry.active(this.task)).get().extracting(ModelVersion::getId).isEqualTo(first.getId());
	}

	@Test
	void refusesToPromoteAVersionStillTrainingOrFailed() {
		ModelVersion training = this.registry.register(this.task, null, null, "{}");
		assertThatThrownBy(() -> this.registry.promote(training.getId())).isInstanceOf(ModelRegistryException.class)
			.hasMessageContaining("TRAINING");
		this.registry.markFailed(training.getId());
		assertThatThrownBy(() -> this.registry.promote(training.getId())).isInstanceOf(ModelRegistryException.class)
			.hasMessageContaining("FAILED");
		assertThat(this.registry.active(this.task)).isEmpty();
	}

	@Test
	void rollbackWithoutAnEarlierChampionSaysSo() {
		ModelVersion only = ready();
		this.registry.promote(only.getId());
		assertThatThrownBy(() -> this.registry.rollback(this.task)).isInstanceOf(ModelRegistryException.class)
			.hasMessageContaining("first one");
	}

}
