package io.deepdock.core.schedules;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.ColumnTransformer;

/** Periodic retraining of a task, with its champion/challenger promotion policy. */
@Entity
@Table(name = "schedule")
public class Schedule {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false)
	private String task;

	@Column(nullable = false)
	private String cron;

	@Column(nullable = false)
	private boolean enabled = true;

	/**
	 * How much the challenger's main metric must beat the champion's by to be promoted.
	 */
	@Column(name = "min_improvement", nullable = false)
	private double minImprovement;

	@Column(name = "last_fired_at")
	private Instant lastFiredAt;

	@Column(name = "next_fire_at")
	private Instant nextFireAt;

	@Column(nullable = false)
	private String zone = "UTC";

	/** Hyper-parameter overrides for the retraining it fires, as JSON. */
	@Column(columnDefinition = "jsonb")
	@ColumnTransformer(write = "?::jsonb")
	private String parameters;

	@Column(name = "last_job_id")
	private Long lastJobId;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt = Instant.now();

	@Column(name = "updated_at", nullable = false)
	private Instant updatedAt = Instant.now();

	protected Schedule() {
	}

	public Schedule(String task, String cron, boolean enabled, double minImprovement) {
		this.task = task;
		this.cron = cron;
		this.enabled = enabled;
		this.minImprovement = minImprovement;
	}

	/** Replaces everything a user sets; the next fire time is computed by the caller. */
	public void update(String task, String cron, String zone, boolean enabled, double minImprovement, String parameters,
			Instant nextFireAt) {
		this.task = task;
		this.cron = cron;
		this.zone = zone;
		this.enabled = enabled;
		this.minImprovement = minImprovement;
		this.parameters = parameters;
		this.nextFireAt = nextFireAt;
		this.updatedAt = Instant.now();
	}

	public Long getId() {
		return this.id;
	}

	public String getTask() {
		return this.task;
	}

	public String getCron() {
		return this.cron;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public double getMinImprovement() {
		return this.minImprovement;
	}

	public Instant getLastFiredAt() {
		return this.lastFiredAt;
	}

	public void setLastFiredAt(Instant lastFiredAt) {
		this.lastFiredAt = lastFiredAt;
	}

	public Instant getNextFireAt() {
		return this.nextFireAt;
	}

	public String getZone() {
		return this.zone;
	}

	public String getParameters() {
		return this.parameters;
	}

	public Long getLastJobId() {
		return this.lastJobId;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

}
