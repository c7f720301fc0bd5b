package io.deepdock.core.contracts;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The stable type id of a message record on the wire (header {@code deepdock-type}).
 * Never a Java class name, so classes can move without breaking messages in flight.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface MessageType {

	String value();

}
