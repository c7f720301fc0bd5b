package io.deepdock.scheduler.bootstrap;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a fresh platform does by itself: queue the training of every listed task that has
 * no model yet ({@code DEEPDOCK_BOOTSTRAP_TRAINMISSING=false} turns it off, e.g. for
 * tests that need an idle worker).
 */
@ConfigurationProperties("deepdock.bootstrap")
public record BootstrapProperties(@DefaultValue("true") boolean trainMissing, @DefaultValue( {
		"digits", "fashion" }) List<String> tasks){

}
