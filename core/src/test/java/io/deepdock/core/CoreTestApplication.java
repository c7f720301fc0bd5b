package io.deepdock.core;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** The smallest application that holds core, for core's integration tests. */
@SpringBootApplication
@Import(DeepdockCore.class)
public class CoreTestApplication {

}
