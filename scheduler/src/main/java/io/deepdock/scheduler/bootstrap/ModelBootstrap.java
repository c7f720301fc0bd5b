package io.deepdock.scheduler.bootstrap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.deepdock.core.jobs.JobSubmission;
import io.deepdock.core.contracts.JobTrigger;
import io.deepdock.core.contracts.JobType;
import io.deepdock.core.models.ModelRegistry;
import io.deepdock.scheduler.leadership.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * On a fresh platform, queues the trainings of each built-in task that has no ACTIVE
 * model, no READY one and no training under way, so that predictions start working
 * without anyone asking: first a quick one per task (a {@code small} network, about a
 * minute on 2 cores), promoted when it is done, then the full one per task as a
 * challenger, promoted only when it beats the quick one. Only the scheduler that holds
 * the leadership lease does it, so two replicas never queue the same training twice. A
 * user's work does not count: a user's model is never promoted by itself, so a user's
 * version or training must not keep the platform from getting its own model.
 */
@Component
class ModelBootstrap {

	private static final Logger log = LoggerFactory.getLogger(ModelBootstrap.class);

	private final Leadership leadership;

	private final ModelRegistry registry;

	private final JobSubmission submission;

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	private final BootstrapProperties properties;

	ModelBootstrap(Leadership leadership, ModelRegistry registry, JobSubmission submission, JdbcTemplate jdbc,
			JsonMapper json, BootstrapProperties properties) {
		this.leadership = leadership;
		this.registry = registry;
		this.submission = submission;
		this.jdbc = jdbc;
		this.json = json;
		this.properties = properties;
	}

	@EventListener(ApplicationReadyEvent.class)
	@Order(100)
	void onReady() {
		if (this.properties.trainMissing() && this.leadership.isLeader()) {
			queueMissingTrainings();
		}
	}

	/**
	 * Queues, for each task with nothing, a quick training first and the full one after
	 * every quick one: the training lane runs in order, so every task is servable after a
	 * quick training each, before any long one starts.
	 * @return the tasks whose trainings were queued
	 */
	List<String> queueMissingTrainings() {
		List<String> queued = new ArrayList<>();
		for (String task : this.properties.tasks()) {
			if (this.registry.active(task).isPresent() || hasReadyVersion(task) || hasTrainingUnderWay(task)) {
				continue;
			}
			// promoted as soon as it is done (if-none: the task has nothing to serve yet)
			this.submission.submit(JobType.TRAIN, JobTrigger.SYSTEM, null,
					this.json.writeValueAsString(Map.of("task", task, "promote", "if-none", "parameters",
							Map.of("architecture", this.properties.quickArchitecture(), "epochs",
									this.properties.quickEpochs(), "augmentation", false))));
			log.info("No {} model yet: queued a quick training", task);
			queued.add(task);
		}
		for (String task : queued) {
			// the task's defaults, as a challenger of the quick model: promoted only
			// if it wins on the trusted evaluation set
			this.submission.submit(JobType.TRAIN, JobTrigger.SYSTEM, null,
					this.json.writeValueAsString(Map.of("task", task, "promote", "challenger")));
			log.info("Queued the full {} training, as a challenger of the quick one", task);
		}
		return queued;
	}

	/** A READY or TRAINING version that the platform's or an admin's training made. */
	private boolean hasReadyVersion(String task) {
		Long count = this.jdbc.queryForObject("""
				SELECT count(*) FROM model_version v WHERE v.task = ? AND v.status IN ('READY', 'TRAINING')
				AND NOT EXISTS (SELECT 1 FROM job j JOIN app_user u ON u.id = j.owner_id
				                 WHERE j.model_version_id = v.id AND u.role <> 'ADMIN')""", Long.class, task);
		return count != null && count > 0;
	}

	/** A training of the platform's or an admin's that is queued or running. */
	private boolean hasTrainingUnderWay(String task) {
		Long count = this.jdbc.queryForObject("""
				SELECT count(*) FROM job j WHERE j.type IN ('TRAIN', 'RETRAIN') AND j.state IN ('QUEUED', 'RUNNING')
				AND j.payload->>'task' = ?
				AND (j.owner_id IS NULL
				     OR EXISTS (SELECT 1 FROM app_user u WHERE u.id = j.owner_id AND u.role = 'ADMIN'))""", Long.class,
				task);
		return count != null && count > 0;
	}

}
