package io.deepdock.core.config;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Checks, before any bean is created, that a database and a broker are configured. */
@Configuration(proxyBeanMethods = false)
class InfrastructureCheck {

	@Bean
	static BeanFactoryPostProcessor deepdockInfrastructureCheck() {
		return new Check();
	}

	static final class Check implements BeanFactoryPostProcessor, EnvironmentAware {

		private Environment environment;

		@Override
		public void setEnvironment(Environment environment) {
			this.environment = environment;
		}

		@Override
		public void postProcessBeanFactory(
				org.springframework.beans.factory.config.ConfigurableListableBeanFactory beanFactory) {
			DeepdockEnvironment.requireInfrastructure(this.environment);
		}

	}

}
