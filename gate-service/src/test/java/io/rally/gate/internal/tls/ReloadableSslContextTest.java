package io.rally.gate.internal.tls;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.rally.testsupport.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Loading and reloading the gate's SSL context from files, driven by hand instead of by the
 * reloader's schedule.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReloadableSslContextTest {

	private static final TestCertificates FIRST = TestCertificates.create("first");

	private static final TestCertificates SECOND = TestCertificates.create("second");

	@TempDir
	Path directory;

	@Test
	void reloadsOnlyWhenTheFilesChange() throws Exception {
		FIRST.writeServer(certificate(), key());
		ReloadableSslContext context = new ReloadableSslContext(settings());
		assertThat(context.certificate()).isEqualTo(FIRST.server());
		assertThat(context.reloadIfChanged()).isFalse();

		SECOND.writeServer(certificate(), key());
		assertThat(context.reloadIfChanged()).isTrue();
		assertThat(context.certificate()).isEqualTo(SECOND.server());
		assertThat(context.reloadIfChanged()).isFalse();
	}

	@Test
	void brokenFilesAreLoggedOnceAndTheCurrentCertificateStays(CapturedOutput output) throws Exception {
		FIRST.writeServer(certificate(), key());
		ReloadableSslContext context = new ReloadableSslContext(settings());

		replace(certificate(), "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
		assertThat(context.reloadIfChanged()).isFalse();
		assertThat(context.reloadIfChanged()).isFalse();
		assertThat(context.certificate()).isEqualTo(FIRST.server());
		assertThat(output.getOut().split("Could not reload the gate's TLS certificate", -1)).hasSize(2);

		// A renewal caught halfway: the new certificate is in place, its key not yet.
		replace(certificate(), SECOND.chainPem());
		assertThat(context.reloadIfChanged()).isFalse();
		assertThat(output.getOut()).contains("the private key does not belong to the certificate");
		assertThat(context.certificate()).isEqualTo(FIRST.server());

		replace(key(), SECOND.privateKeyPem());
		assertThat(context.reloadIfChanged()).isTrue();
		assertThat(context.certificate()).isEqualTo(SECOND.server());
	}

	@Test
	void missingFilesFailAtStartNamingThem() {
		assertThatIllegalStateException().isThrownBy(() -> new ReloadableSslContext(settings()))
			.withMessageContaining(certificate().toString());
	}

	@Test
	void aKeyOfAnotherCertificateFailsAtStart() throws Exception {
		FIRST.writeServer(certificate(), key());
		replace(key(), SECOND.privateKeyPem());
		assertThatIllegalStateException().isThrownBy(() -> new ReloadableSslContext(settings()))
			.withMessageContaining("the private key does not belong to the certificate");
	}

	@Test
	void unsupportedCiphersOnlyFailAtStart() throws Exception {
		FIRST.writeServer(certificate(), key());
		ServerTlsSettings settings = new ServerTlsSettings(certificate(), key(), null, List.of("TLSv1.2"),
				List.of("TLS_NO_SUCH_CIPHER"), Duration.ofSeconds(10), null);
		assertThatIllegalStateException().isThrownBy(() -> new ReloadableSslContext(settings))
			.withMessageContaining("TLS_NO_SUCH_CIPHER");
	}

	private ServerTlsSettings settings() {
		return new ServerTlsSettings(certificate(), key(), null, List.of("TLSv1.3", "TLSv1.2"), List.of(),
				Duration.ofSeconds(10), null);
	}

	private Path certificate() {
		return this.directory.resolve("gate.crt");
	}

	private Path key() {
		return this.directory.resolve("gate.key");
	}

	private static void replace(Path file, String content) throws Exception {
		Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
		Files.writeString(temporary, content, StandardCharsets.US_ASCII);
		Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
	}

}
