package io.galileosync.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The page's files go out gzip-encoded to a client that asks, and plain to one that does not. */
class StaticAssetCompressionTest extends HttpApiTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @ParameterizedTest
    @CsvSource({
            "/webjars/leaflet/dist/leaflet.js, javascript",
            "/webjars/uplot/dist/uPlot.iife.min.js, javascript",
            "/css/app.css, text/css",
            "/js/tracks.js, javascript",
            "/, text/html"})
    void servedGzipWhenAskedAndPlainOtherwise(String path, String type) throws Exception {
        HttpResponse<byte[]> plain = get(path, null);
        HttpResponse<byte[]> gzip = get(path, "gzip, deflate, br");

        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(gzip.statusCode()).isEqualTo(200);
        assertThat(gzip.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains(type));
        assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gzip.headers().allValues("Vary")).anySatisfy(v -> assertThat(v).containsIgnoringCase("accept-encoding"));
        byte[] unpacked = new GZIPInputStream(new ByteArrayInputStream(gzip.body())).readAllBytes();
        assertThat(unpacked).isEqualTo(plain.body());
        assertThat(gzip.body().length).as("gzip size of %s (%d bytes raw)", path, plain.body().length)
                .isLessThan(plain.body().length / 2);
    }

    private HttpResponse<byte[]> get(String path, String acceptEncoding) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
