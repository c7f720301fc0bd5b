package io.deepdock.core;

import io.deepdock.core.jobs.JobEvents;
import io.deepdock.core.jobs.JobFiles;
import io.deepdock.core.jobs.JobLifecycle;
import io.deepdock.core.jobs.JobProperties;
import io.deepdock.core.jobs.Jobs;
import io.deepdock.core.models.ModelRegistry;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * What every deepdock service imports, and no more: the entities and repositories (found
 * from this package: every service shares the one schema), the start-up checks, the wire
 * ({@code contracts}, {@code messaging}), the outbox, media storage, the job lifecycle
 * and its reads ({@code Jobs}) and the model registry. A service adds the parts that only
 * it runs with its own {@code @Import} (for example the scheduler's {@code JobReaper},
 * the webapp's {@code Schedules}, the worker's {@code DatasetImporter}), so that code one
 * service needs is not instantiated in the others ({@code CorePartsIT} in each service
 * checks it).
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan(basePackages = { DeepdockCore.CONFIG, DeepdockCore.CONTRACTS, DeepdockCore.MESSAGING,
		DeepdockCore.OUTBOX, DeepdockCore.MEDIA })
@ConfigurationPropertiesScan(basePackages = { DeepdockCore.CONTRACTS, DeepdockCore.OUTBOX, DeepdockCore.MEDIA })
@EnableConfigurationProperties(JobProperties.class)
@Import({ JobEvents.class, JobFiles.class, JobLifecycle.class, Jobs.class, ModelRegistry.class })
@AutoConfigurationPackage
@EnableScheduling
public class DeepdockCore {

	static final String CONFIG = "io.deepdock.core.config";

	static final String CONTRACTS = "io.deepdock.core.contracts";

	static final String MESSAGING = "io.deepdock.core.messaging";

	static final String OUTBOX = "io.deepdock.core.outbox";

	static final String MEDIA = "io.deepdock.core.media";

}
