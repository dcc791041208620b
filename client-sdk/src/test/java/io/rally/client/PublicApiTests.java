package io.rally.client;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.rally.protocol.KcpSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class PublicApiTests {

	private static final List<Class<?>> API = List.of(RallyClient.class, RallyClient.Builder.class,
			ClientResources.class, ClientResources.Builder.class, ClientTransport.class, KcpSettings.class, CloseEvent.class,
			Registration.class, RallyClientException.class, RequestTimeoutException.class,
			ConnectionClosedException.class, RallyErrorException.class, TlsHandshakeException.class);

	@Test
	void noNettyTypeInPublicSignatures() {
		List<String> leaks = new ArrayList<>();
		for (Class<?> type : API) {
			for (Method method : type.getDeclaredMethods()) {
				if (Modifier.isPublic(method.getModifiers()) || Modifier.isProtected(method.getModifiers())) {
					check(leaks, method.toGenericString(), method.getGenericReturnType());
					for (Type parameter : method.getGenericParameterTypes()) {
						check(leaks, method.toGenericString(), parameter);
					}
				}
			}
			for (Constructor<?> constructor : type.getDeclaredConstructors()) {
				if (Modifier.isPublic(constructor.getModifiers())) {
					for (Type parameter : constructor.getGenericParameterTypes()) {
						check(leaks, constructor.toGenericString(), parameter);
					}
				}
			}
		}
		assertThat(leaks).isEmpty();
	}

	private static void check(List<String> leaks, String member, Type type) {
		if (type.getTypeName().contains("io.netty") || type.getTypeName().contains("io.rally.client.internal")) {
			leaks.add(member);
		}
	}

	@Test
	void builderRejectsBadValuesWithMessages() {
		RallyClient.Builder builder = RallyClient.builder();
		assertThatIllegalArgumentException().isThrownBy(() -> builder.port(0)).withMessageContaining("port: 0");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.host(" ")).withMessageContaining("host");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.webSocketPath("ws"))
			.withMessageContaining("starts with /");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.requestTimeout(Duration.ZERO))
			.withMessageContaining("requestTimeout");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.heartbeatInterval(Duration.ofSeconds(-1)))
			.withMessageContaining("heartbeatInterval");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> builder.reconnect(true, Duration.ofSeconds(2), Duration.ofSeconds(1)))
			.withMessageContaining("maxBackoff");
		assertThatIllegalStateException().isThrownBy(builder::build).withMessageContaining("host");
		assertThatIllegalStateException().isThrownBy(() -> RallyClient.builder().host("h").build())
			.withMessageContaining("port");
		assertThatIllegalArgumentException().isThrownBy(() -> ClientResources.create(0))
			.withMessageContaining("threads: 0");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.trustCertificates((java.nio.file.Path) null))
			.withMessageContaining("trustCertificates: null");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.serverName(" "))
			.withMessageContaining("serverName");
	}

}
