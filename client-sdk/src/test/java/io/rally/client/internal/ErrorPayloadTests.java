package io.rally.client.internal;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.rally.client.RallyErrorException;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorPayloadTests {

	private static RallyErrorException parse(String json) {
		return ErrorPayload.toException(json.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void readsCodeAndMessage() {
		RallyErrorException error = parse("{\"code\":503,\"message\":\"no node available\"}");
		assertThat(error.code()).isEqualTo(503);
		assertThat(error.errorMessage()).isEqualTo("no node available");
	}

	@Test
	void readsMembersInAnyOrderWithEscapesAndUnknownMembers() {
		RallyErrorException error = parse(
				" { \"detail\" : {\"a\":[1,\"}\"]}, \"message\" : \"say \\\"hi\\\" \\u00e9\\n\", \"ok\":false, \"code\" : 401 } ");
		assertThat(error.code()).isEqualTo(401);
		assertThat(error.errorMessage()).isEqualTo("say \"hi\" \u00e9\n");
	}

	@Test
	void unreadablePayloadKeepsItsText() {
		RallyErrorException error = parse("not json");
		assertThat(error.code()).isEqualTo(RallyErrorException.UNKNOWN_CODE);
		assertThat(error.errorMessage()).isEqualTo("not json");
		assertThat(parse("{\"code\":12").code()).isEqualTo(RallyErrorException.UNKNOWN_CODE);
	}

}
