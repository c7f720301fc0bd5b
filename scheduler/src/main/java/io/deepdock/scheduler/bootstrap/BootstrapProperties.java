package io.deepdock.scheduler.bootstrap;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What a fresh platform does by itself: for every listed task that has no model yet, it
 * queues a quick training ({@code quickArchitecture}, {@code quickEpochs}: about a minute
 * on 2 cores) that is promoted as soon as it is done, then the full training with the
 * task's defaults as a challenger, promoted only if it beats the quick one
 * ({@code DEEPDOCK_BOOTSTRAP_TRAINMISSING=false} turns it all off, e.g. for tests that
 * need an idle worker).
 */
@ConfigurationProperties("deepdock.bootstrap")
@Validated
public record BootstrapProperties(@DefaultValue("true") boolean trainMissing, @DefaultValue( {
		"digits", "fashion" }) List<String> tasks, @NotBlank @DefaultValue("small") String quickArchitecture,
		@Min(1) @Max(20) @DefaultValue("2") int quickEpochs){

}
