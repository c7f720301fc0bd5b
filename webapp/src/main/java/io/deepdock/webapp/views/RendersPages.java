package io.deepdock.webapp.views;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.stereotype.Controller;

/**
 * A controller that renders server-side pages (Thymeleaf). The page advices
 * ({@code CallerAdvice}, {@code AssetUrlsAdvice}) apply to these and to Spring Boot's
 * error page only: {@code @ControllerAdvice(annotations = Controller.class)} would also
 * match every {@code @RestController} (it is a {@code @Controller}), and Spring would
 * resolve the pages' model attributes, the caller among them, on every API call.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Controller
public @interface RendersPages {

}
