package io.deepdock.core.schedules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.deepdock.core.contracts.TrainRequest;
import io.deepdock.core.ml.Task;
import io.deepdock.core.ml.training.InvalidTrainingParametersException;
import io.deepdock.core.ml.training.InvalidTrainingParametersException.FieldError;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Creates, changes and deletes schedules, validating every field, and keeps each one's
 * next fire time.
 */
@Component
@EnableConfigurationProperties(ScheduleProperties.class)
public class Schedules {

	/** The length of {@code schedule.cron} (PostgreSQL counts characters). */
	static final int MAX_CRON_LENGTH = 100;

	private final ScheduleRepository schedules;

	private final ScheduleProperties properties;

	private final JsonMapper json;

	Schedules(ScheduleRepository schedules, ScheduleProperties properties, JsonMapper json) {
		this.schedules = schedules;
		this.properties = properties;
		this.json = json;
	}

	@Transactional(readOnly = true)
	public List<Schedule> list() {
		return this.schedules.findAll(org.springframework.data.domain.Sort.by("id"));
	}

	@Transactional(readOnly = true)
	public Optional<Schedule> find(long id) {
		return this.schedules.findById(id);
	}

	/**
	 * @throws InvalidScheduleException listing every broken rule
	 */
	@Transactional
	public Schedule create(ScheduleSpec spec) {
		Schedule schedule = new Schedule(spec.task(), spec.cron(), true, 0);
		apply(schedule, spec);
		return this.schedules.save(schedule);
	}

	/**
	 * @throws InvalidScheduleException listing every broken rule
	 */
	@Transactional
	public Optional<Schedule> update(long id, ScheduleSpec spec) {
		Optional<Schedule> found = this.schedules.findById(id);
		found.ifPresent((schedule) -> apply(schedule, spec));
		return found;
	}

	@Transactional
	public boolean delete(long id) {
		if (!this.schedules.existsById(id)) {
			return false;
		}
		this.schedules.deleteById(id);
		return true;
	}

	/** The cron of a stored schedule. */
	public static CronSchedule cron(Schedule schedule) {
		return CronSchedule.parse(schedule.getCron(), schedule.getZone());
	}

	private void apply(Schedule schedule, ScheduleSpec spec) {
		List<FieldError> errors = new ArrayList<>();
		try {
			Task.fromId(spec.task());
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			errors.add(new FieldError("task", String.valueOf(spec.task()), "must be one of digits, fashion, toxicity"));
		}
		CronSchedule cron = null;
		try {
			cron = CronSchedule.parse(spec.cron(), spec.zone());
		}
		catch (IllegalArgumentException ex) {
			boolean zone = ex.getMessage().startsWith("zone");
			errors.add(new FieldError(zone ? "zone" : "cron", String.valueOf(zone ? spec.zone() : spec.cron()),
					ex.getMessage()));
		}
		if (cron != null) {
			String trimmed = spec.cron().trim();
			int length = trimmed.codePointCount(0, trimmed.length());
			if (length > MAX_CRON_LENGTH) {
				// schedule.cron is a varchar(100): PostgreSQL would refuse it as a 500
				errors.add(new FieldError("cron", trimmed.substring(0, 40) + "...",
						"is " + length + " characters long; at most " + MAX_CRON_LENGTH + " are kept"));
				cron = null;
			}
		}
		Instant now = Instant.now();
		Instant next = null;
		if (cron != null) {
			next = cron.next(now);
			if (next == null) {
				errors.add(new FieldError("cron", spec.cron(), "never fires"));
			}
			else {
				Duration shortest = cron.shortestInterval(now);
				if (shortest.compareTo(this.properties.minInterval()) < 0) {
					errors.add(new FieldError("cron", spec.cron(),
							"fires every " + shortest.toSeconds() + " s; the shortest interval allowed is "
									+ this.properties.minInterval().toSeconds() + " s"));
				}
			}
		}
		double minImprovement = (spec.minImprovement() != null) ? spec.minImprovement() : 0.0;
		if (Double.isNaN(minImprovement) || minImprovement < -1 || minImprovement > 1) {
			errors.add(new FieldError("minImprovement", String.valueOf(spec.minImprovement()),
					"must be between -1 and 1 (a difference of the main metric, e.g. 0.002 for 0.2 points of accuracy)"));
		}
		if (errors.stream().noneMatch((e) -> e.field().equals("task"))) {
			try {
				new TrainRequest(spec.task(), null, spec.parameters(), "challenger").resolveParameters();
			}
			catch (InvalidTrainingParametersException ex) {
				ex.errors()
					.forEach((e) -> errors
						.add(new FieldError("parameters." + e.field(), e.rejectedValue(), e.message())));
			}
		}
		if (!errors.isEmpty()) {
			throw new InvalidScheduleException(errors);
		}
		boolean enabled = (spec.enabled() != null) ? spec.enabled() : true;
		String parameters = (spec.parameters() != null) ? this.json.writeValueAsString(spec.parameters()) : null;
		schedule.update(spec.task(), spec.cron().trim(), cron.zone().getId(), enabled, minImprovement, parameters,
				enabled ? next : null);
	}

}
