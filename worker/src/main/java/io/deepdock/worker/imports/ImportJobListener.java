package io.deepdock.worker.imports;

import java.io.IOException;
import java.util.Map;

import com.rabbitmq.client.Channel;
import io.deepdock.core.datasets.BuiltinDataset;
import io.deepdock.core.datasets.Dataset;
import io.deepdock.core.datasets.DatasetFormatException;
import io.deepdock.core.datasets.DatasetImporter;
import io.deepdock.core.datasets.DatasetSourceException;
import io.deepdock.core.jobs.Job;
import io.deepdock.core.jobs.JobExecutor;
import io.deepdock.core.jobs.JobFailedException;
import io.deepdock.core.jobs.JobLifecycle;
import io.deepdock.core.messaging.Topology;
import io.deepdock.worker.WorkerProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.support.AmqpHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code jobs.import}: imports a built-in dataset into media storage and
 * registers it.
 */
@Component
class ImportJobListener {

	private final JobExecutor executor;

	private final JobLifecycle lifecycle;

	private final DatasetImporter importer;

	private final JsonMapper json;

	private final String worker;

	ImportJobListener(JobExecutor executor, JobLifecycle lifecycle, DatasetImporter importer, JsonMapper json,
			WorkerProperties properties) {
		this.executor = executor;
		this.lifecycle = lifecycle;
		this.importer = importer;
		this.json = json;
		this.worker = properties.replica();
	}

	@RabbitListener(queues = "${deepdock.amqp.namespace:}" + Topology.IMPORT_QUEUE,
			containerFactory = Topology.JOB_LISTENER_FACTORY)
	void onMessage(Message message, Channel channel, @Header(AmqpHeaders.DELIVERY_TAG) long deliveryTag)
			throws IOException {
		this.executor.execute(message, channel, deliveryTag, this.worker, this::run);
	}

	String run(Job job) throws IOException {
		JsonNode payload = this.json.readTree(job.getPayload());
		if (payload.hasNonNull("upload")) {
			return importUpload(job, payload);
		}
		String name = payload.path("dataset").asString("");
		BuiltinDataset builtin = BuiltinDataset.find(name)
			.orElseThrow(() -> new JobFailedException(
					"There is no built-in dataset '" + name + "'. Known: " + BuiltinDataset.ids() + "."));
		Dataset dataset;
		try {
			dataset = this.importer.importBuiltin(builtin, job.getOwnerId(),
					(step) -> this.lifecycle.progress(job.getId(), "log", null, Map.of(), step));
		}
		catch (DatasetSourceException | DatasetFormatException ex) {
			throw new JobFailedException(ex.getMessage(), ex);
		}
		this.lifecycle.attachDataset(job.getId(), dataset.getId());
		return this.json.writeValueAsString(
				Map.of("datasetId", dataset.getId(), "name", dataset.getName(), "version", dataset.getVersion(),
						"train", dataset.file("train").getExamples(), "test", dataset.file("test").getExamples()));
	}

	/** An uploaded toxicity CSV, streamed to media by the web app. */
	private String importUpload(Job job, JsonNode payload) throws IOException {
		Dataset dataset;
		try {
			dataset = this.importer.importToxicityCsv(payload.path("upload").asString(),
					payload.path("sha256").asString(null), payload.path("name").asString("toxicity"), job.getOwnerId(),
					(step) -> this.lifecycle.progress(job.getId(), "log", null, Map.of(), step));
		}
		catch (DatasetFormatException ex) {
			throw new JobFailedException(ex.getMessage(), ex);
		}
		catch (java.nio.file.NoSuchFileException ex) {
			throw new JobFailedException("The uploaded file is missing from media storage; upload it again.", ex);
		}
		this.lifecycle.attachDataset(job.getId(), dataset.getId());
		return this.json.writeValueAsString(
				Map.of("datasetId", dataset.getId(), "name", dataset.getName(), "version", dataset.getVersion(),
						"train", dataset.file("train").getExamples(), "test", dataset.file("test").getExamples()));
	}

}
