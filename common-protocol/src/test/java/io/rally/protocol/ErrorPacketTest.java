package io.rally.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorPacketTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void encodesCodeAndMessageAsTheGateAndNodeAlwaysHave() {
		assertThat(text(ErrorPacket.encode(404, "route not found")))
			.isEqualTo("{\"code\":404,\"message\":\"route not found\"}");
		assertThat(text(ErrorPacket.encode(503, "Node busy"))).isEqualTo("{\"code\":503,\"message\":\"Node busy\"}");
		assertThat(text(ErrorPacket.encode(-7, "x"))).isEqualTo("{\"code\":-7,\"message\":\"x\"}");
	}

	@Test
	void aNullMessageIsEmpty() {
		assertThat(text(ErrorPacket.encode(500, null))).isEqualTo("{\"code\":500,\"message\":\"\"}");
		assertThat(new ErrorPacket(500, null).message()).isEmpty();
	}

	@Test
	void escapesWhatJsonRequiresAndNothingElse() {
		assertThat(text(ErrorPacket.encode(400, "a \"b\" \\ c\nd\re\tf\u0000g\u001fh\u0007 é 玩家")))
			.isEqualTo("{\"code\":400,\"message\":\"a \\\"b\\\" \\\\ c\\nd\\re\\tf\\u0000g\\u001fh\\u0007 é 玩家\"}");
	}

	@Test
	void writesNonAsciiAsUtf8() {
		byte[] payload = ErrorPacket.encode(1, "é🎮");
		assertThat(payload).endsWith(new byte[] { (byte) 0xc3, (byte) 0xa9, (byte) 0xf0, (byte) 0x9f, (byte) 0x8e,
				(byte) 0xae, '"', '}' });
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "plain", "say \"hi\"", "C:\\games\\save", "line\nbreak\r\n\ttab",
			"\u0000\u0001\u0008\u000b\u000c\u001b\u001f\u007f", "Grüße, 玩家 🎮", "𝄞 𠜎 👩‍👩‍👧", "\\\"", "\\u0041",
			"ends with backslash \\", "\u2028\u2029", "{\"code\":1}" })
	void messagesSurviveTheRoundTripAndAJsonLibraryReadsThemAlike(String message) {
		byte[] payload = ErrorPacket.encode(400, message);
		assertThat(ErrorPacket.parse(payload)).isEqualTo(new ErrorPacket(400, message));
		Map<?, ?> parsed = JSON.readValue(payload, Map.class);
		assertThat(parsed.get("code")).isEqualTo(400);
		assertThat(parsed.get("message")).isEqualTo(message);
		assertThat(parsed).hasSize(2);
	}

	@Test
	void halfASurrogatePairIsEscapedSoItSurvivesToo() {
		String message = "lone \ud83c high, lone \udfae low, reversed \udfae\ud83c";
		byte[] payload = ErrorPacket.encode(500, message);
		assertThat(text(payload)).contains("\\ud83c high", "\\udfae low", "\\udfae\\ud83c");
		assertThat(ErrorPacket.parse(payload).message()).isEqualTo(message);
	}

	@Test
	void packetsAnswerTheRequestWithTheErrorExtension() {
		Packet packet = ErrorPacket.of(7, 42, ErrorPacket.NOT_AUTHORIZED, "not authorized");
		assertThat(packet.route()).isEqualTo(7);
		assertThat(packet.seq()).isEqualTo(42);
		assertThat(packet.isError()).isTrue();
		assertThat(ErrorPacket.parse(packet.payload())).isEqualTo(new ErrorPacket(401, "not authorized"));
		assertThat(new ErrorPacket(401, "not authorized").toPacket(7, 42)).isEqualTo(packet);
	}

	@Test
	void readsWhatAJsonLibraryWrites() {
		byte[] payload = JSON.writeValueAsBytes(Map.of("code", 503, "message", "Grüße \"🎮\"\n\\"));
		assertThat(ErrorPacket.parse(payload)).isEqualTo(new ErrorPacket(503, "Grüße \"🎮\"\n\\"));
	}

	@Test
	void readsMembersInAnyOrderWithWhitespaceEscapesAndUnknownMembers() {
		ErrorPacket error = parse(" { \"detail\" : {\"a\":[1,\"}\",{\"b\":[]}]}, \"message\" : \"say \\\"hi\\\" \\u00e9\\n"
				+ "\\ud83c\\udfae \\/ \\b\\f\", \"ok\":false, \"n\":null, \"t\":true, \"x\":-1.5e3, \"code\" : 401 } ");
		assertThat(error.code()).isEqualTo(401);
		assertThat(error.message()).isEqualTo("say \"hi\" \u00e9\n🎮 / \b\f");
	}

	@Test
	void missingMembersAreAnUnknownCodeAndAnEmptyMessage() {
		assertThat(parse("{}")).isEqualTo(new ErrorPacket(ErrorPacket.UNKNOWN_CODE, ""));
		assertThat(parse("{\"message\":\"only text\"}")).isEqualTo(new ErrorPacket(ErrorPacket.UNKNOWN_CODE, "only text"));
		assertThat(parse("{\"code\":404}")).isEqualTo(new ErrorPacket(404, ""));
		assertThat(parse("{\"code\":404,\"message\":null}")).isEqualTo(new ErrorPacket(404, ""));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", " ", "not json", "[]", "null", "\"text\"", "{", "{\"code\":12", "{\"code\":12,",
			"{\"code\":\"12\"}", "{\"code\":1.5}", "{\"code\":99999999999}", "{\"code\":true}", "{\"code\":}",
			"{\"message\":5}", "{\"message\":\"unterminated}", "{\"message\":\"bad \\u12g4\"}",
			"{\"message\":\"cut \\u12\"}", "{\"message\":\"cut \\", "{code:1}", "{\"code\" 1}", "{\"code\":1 \"x\":2}",
			"{\"x\":,\"code\":1}", "{\"x\":tru}", "{\"x\":[1,2", "{\"x\":{\"y\":\"}" })
	void anUnreadablePayloadIsAnUnknownCodeWithThePayloadAsItsMessage(String payload) {
		assertThat(parse(payload)).isEqualTo(new ErrorPacket(ErrorPacket.UNKNOWN_CODE, payload));
	}

	@Test
	void deepNestingInAnUnknownMemberIsSkippedWithoutRecursion() {
		String deep = "[".repeat(100_000) + "]".repeat(100_000);
		assertThat(parse("{\"x\":" + deep + ",\"code\":400,\"message\":\"deep\"}")).isEqualTo(new ErrorPacket(400, "deep"));
		String open = "{\"x\":" + "[".repeat(100_000);
		assertThat(parse(open)).isEqualTo(new ErrorPacket(ErrorPacket.UNKNOWN_CODE, open));
	}

	@Test
	void bytesThatAreNotUtf8AreReadAsReplacementCharacters() {
		byte[] payload = { '{', '"', 'c', 'o', 'd', 'e', '"', ':', '1', ',', '"', 'm', 'e', 's', 's', 'a', 'g', 'e', '"',
				':', '"', (byte) 0xff, '"', '}' };
		assertThat(ErrorPacket.parse(payload)).isEqualTo(new ErrorPacket(1, "\ufffd"));
		byte[] garbage = { (byte) 0xc3, 0x28, (byte) 0xa0 };
		assertThat(ErrorPacket.parse(garbage).code()).isEqualTo(ErrorPacket.UNKNOWN_CODE);
	}

	private static ErrorPacket parse(String json) {
		return ErrorPacket.parse(json.getBytes(StandardCharsets.UTF_8));
	}

	private static String text(byte[] payload) {
		return new String(payload, StandardCharsets.UTF_8);
	}

}
