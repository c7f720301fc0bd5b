package io.deepdock.core;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * What every deepdock service imports: the shared domain (entities and repositories are
 * found from this package), the AMQP topology, media storage and the job machinery.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan
@ConfigurationPropertiesScan
@AutoConfigurationPackage
@EnableScheduling
public class DeepdockCore {

}
