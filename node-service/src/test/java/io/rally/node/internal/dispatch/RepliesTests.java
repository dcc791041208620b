package io.rally.node.internal.dispatch;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class RepliesTests {

	@Test
	void errorPayloadIsJsonWithCodeAndMessage() {
		assertThat(new String(Replies.errorPayload(404, "Route 9 not found"), StandardCharsets.UTF_8))
			.isEqualTo("{\"code\":404,\"message\":\"Route 9 not found\"}");
	}

	@Test
	void errorPayloadEscapesMessage() {
		String message = "quote \" backslash \\ newline \n tab \t bell \u0007 ünïcode";
		byte[] payload = Replies.errorPayload(400, message);
		Map<?, ?> parsed = JsonMapper.builder().build().readValue(payload, Map.class);
		assertThat(parsed.get("code")).isEqualTo(400);
		assertThat(parsed.get("message")).isEqualTo(message);
	}

	@Test
	void nullMessageBecomesEmpty() {
		assertThat(new String(Replies.errorPayload(500, null), StandardCharsets.UTF_8))
			.isEqualTo("{\"code\":500,\"message\":\"\"}");
	}

}
