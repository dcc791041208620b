package io.rally.gate.autoconfigure;

import io.rally.gate.internal.session.ChannelLimits;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The channel limits under {@code rally.gate.channels}.
 */
class GateChannelPropertiesTest {

	@Test
	void defaultsToTheDefaultLimits() {
		assertThat(new GateProperties().getChannels().toLimits()).isEqualTo(ChannelLimits.DEFAULTS);
		assertThat(ChannelLimits.DEFAULTS).isEqualTo(new ChannelLimits(128, 64));
	}

	@Test
	void bindsTheLimits() {
		Binder binder = new Binder(new MapConfigurationPropertySource(Map.of("rally.gate.channels.max-name-length",
				"32", "rally.gate.channels.max-per-connection", "5")));
		GateProperties properties = binder.bind("rally.gate", GateProperties.class).get();
		assertThat(properties.getChannels().toLimits()).isEqualTo(new ChannelLimits(32, 5));
	}

}
