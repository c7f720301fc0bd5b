package io.deepdock.core.quotas;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What one user may hold and queue, so that no user can fill the media volume or the
 * queues for everyone else.
 *
 * @param storagePerUser bytes of media a user's uploads, uploaded datasets and batch
 * results may take together
 * @param activeJobsPerUser how many of a user's jobs may be QUEUED or RUNNING at once
 * @param jobsPerDay how many jobs a user may submit in 24 hours
 * @param adminsExempt whether admins (operators, who import the built-in datasets and
 * retrain for everyone) are exempt from both quotas
 */
@ConfigurationProperties("deepdock.quotas")
@Validated
public record QuotaProperties(@NotNull @DefaultValue("2GB") DataSize storagePerUser,
		@Min(1) @DefaultValue("5") int activeJobsPerUser, @Min(1) @DefaultValue("200") int jobsPerDay,
		@DefaultValue("true") boolean adminsExempt) {

	public QuotaProperties {
		if (storagePerUser != null && storagePerUser.toBytes() < 1) {
			throw new IllegalArgumentException("deepdock.quotas.storage-per-user must be at least 1 byte");
		}
	}

}
