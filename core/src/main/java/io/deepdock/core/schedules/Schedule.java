package io.deepdock.core.schedules;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

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

	public Instant getCreatedAt() {
		return this.createdAt;
	}

	public Instant getUpdatedAt() {
		return this.updatedAt;
	}

}
