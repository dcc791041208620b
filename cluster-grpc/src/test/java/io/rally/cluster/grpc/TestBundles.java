package io.rally.cluster.grpc;

import io.rally.testsupport.TestCertificates;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/** SSL bundles of test certificates, as {@code spring.ssl.bundle.pem.*} would make them. */
public final class TestBundles {

	private TestBundles() {
	}

	/** The certificate and key of {@code certificates}, trusting its CA only. */
	public static SslBundle bundle(TestCertificates certificates) {
		PemSslStoreDetails key = PemSslStoreDetails.forCertificate(certificates.chainPem())
			.withPrivateKey(certificates.privateKeyPem());
		PemSslStoreDetails trust = PemSslStoreDetails.forCertificate(certificates.authorityPem());
		return SslBundle.of(new PemSslStoreBundle(key, trust));
	}

	/** The link TLS of {@code certificates}. */
	public static LinkTls tls(TestCertificates certificates) {
		return LinkTls.of("test", bundle(certificates));
	}

}
