package io.rally.node.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Marks a bean whose {@link Route @Route} methods handle client messages on this node.
 * Controllers are singletons shared by all workers, so their state must be thread-safe; see the
 * package documentation for which calls may run concurrently.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface RallyController {

	/** The bean name, as for {@link Component#value()}. */
	@AliasFor(annotation = Component.class)
	String value() default "";

}
