package io.deepdock.webapp.replica;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The name of this replica ({@code DEEPDOCK_REPLICA}), shown in a response header so that
 * load balancing is visible.
 */
@ConfigurationProperties("deepdock")
@Validated
public record ReplicaProperties(@NotBlank @DefaultValue("webapp") String replica) {

}
