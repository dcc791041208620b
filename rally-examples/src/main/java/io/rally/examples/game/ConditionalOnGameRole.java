package io.rally.examples.game;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Locale;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Registers a bean only on nodes whose {@code rally.examples.game.role} is {@link #value()} or
 * {@link GameRole#ALL} (the default).
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(ConditionalOnGameRole.OnGameRole.class)
public @interface ConditionalOnGameRole {

	/** The role that needs the bean. */
	GameRole value();

	/** Matches the configured role against the annotation's. */
	final class OnGameRole implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			GameRole needed = (GameRole) metadata.getAnnotationAttributes(ConditionalOnGameRole.class.getName())
				.get("value");
			String configured = context.getEnvironment().getProperty(GameProperties.ROLE_PROPERTY, "all");
			GameRole role;
			try {
				role = GameRole.valueOf(configured.trim().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException(GameProperties.ROLE_PROPERTY + ": '" + configured
						+ "' (expected: lobby, battle or all)");
			}
			return role == GameRole.ALL || role == needed;
		}

	}

}
