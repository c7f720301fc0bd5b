package io.deepdock.worker;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * This worker replica's name ({@code DEEPDOCK_REPLICA}), recorded on the jobs it runs.
 */
@ConfigurationProperties("deepdock")
@Validated
public record WorkerProperties(@NotBlank @DefaultValue("worker") String replica) {

}
