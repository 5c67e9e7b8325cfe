package io.galileosync.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.sync.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node given a certificate (Spring Boot's SSL settings) sets its session cookie Secure. */
class HttpsSessionTest {

    @TempDir
    Path dir;

    @Test
    void overHttpsTheSessionCookieIsSecure() throws Exception {
        Path keystore = dir.resolve("node.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit",
                "-keypass", "changeit").redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();

        try (TestNode node = TestNode.start("tls", dir.resolve("node"), "galileo.sync.secret=TLS-CODE-1234",
                "galileo.api.loopback-trusted=false", "server.ssl.enabled=true",
                "server.ssl.key-store=file:" + keystore, "server.ssl.key-store-password=changeit",
                "server.ssl.key-store-type=PKCS12")) {
            String url = node.url().replace("http://", "https://");
            HttpClient http = HttpClient.newBuilder().sslContext(trustingEverything()).build();
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(url + "/api/session"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"TLS-CODE-1234\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(200);
            assertThat(login.headers().firstValue("Set-Cookie").orElseThrow())
                    .contains("Secure", "HttpOnly", "SameSite=Strict");
        }
    }

    /** The test's own self-signed certificate. */
    private static SSLContext trustingEverything() throws Exception {
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                // test only
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // test only: the certificate was made a moment ago by this test
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {trustAll}, new SecureRandom());
        return context;
    }
}
