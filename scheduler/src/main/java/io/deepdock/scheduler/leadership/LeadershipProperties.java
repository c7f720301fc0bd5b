package io.deepdock.scheduler.leadership;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The scheduler's leadership lease: held for {@code lease}, renewed every
 * {@code renewInterval} (which must be well below the lease, so a live leader never loses
 * it). {@code DEEPDOCK_REPLICA} names this replica.
 */
@ConfigurationProperties("deepdock.scheduler")
@Validated
public record LeadershipProperties(@NotBlank @DefaultValue("scheduler") String replica,
		@NotNull @DefaultValue("30s") Duration lease, @NotNull @DefaultValue("10s") Duration renewInterval) {

	public LeadershipProperties {
		if (renewInterval != null && lease != null && renewInterval.compareTo(lease.dividedBy(2)) > 0) {
			throw new IllegalArgumentException("deepdock.scheduler.renew-interval (" + renewInterval
					+ ") must be at most half of deepdock.scheduler.lease (" + lease + ")");
		}
	}

}
