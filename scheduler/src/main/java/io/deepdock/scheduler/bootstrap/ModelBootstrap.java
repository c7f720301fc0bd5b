package io.deepdock.scheduler.bootstrap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.deepdock.core.jobs.JobSubmission;
import io.deepdock.core.jobs.JobTrigger;
import io.deepdock.core.jobs.JobType;
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
 * On a fresh platform, queues the training of each built-in task that has no ACTIVE
 * model, no READY one and no training under way, so that predictions start working
 * without anyone asking. Only the scheduler that holds the leadership lease does it, so
 * two replicas never queue the same training twice.
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
	 * @return the tasks whose training was queued
	 */
	List<String> queueMissingTrainings() {
		List<String> queued = new ArrayList<>();
		for (String task : this.properties.tasks()) {
			if (this.registry.active(task).isPresent() || hasReadyVersion(task) || hasTrainingUnderWay(task)) {
				continue;
			}
			this.submission.submit(JobType.TRAIN, JobTrigger.SYSTEM, null,
					this.json.writeValueAsString(Map.of("task", task)));
			log.info("No {} model yet: queued its training", task);
			queued.add(task);
		}
		return queued;
	}

	private boolean hasReadyVersion(String task) {
		Long count = this.jdbc.queryForObject(
				"SELECT count(*) FROM model_version WHERE task = ? AND status IN ('READY', 'TRAINING')", Long.class,
				task);
		return count != null && count > 0;
	}

	private boolean hasTrainingUnderWay(String task) {
		Long count = this.jdbc.queryForObject("""
				SELECT count(*) FROM job WHERE type IN ('TRAIN', 'RETRAIN') AND state IN ('QUEUED', 'RUNNING')
				AND payload->>'task' = ?""", Long.class, task);
		return count != null && count > 0;
	}

}
