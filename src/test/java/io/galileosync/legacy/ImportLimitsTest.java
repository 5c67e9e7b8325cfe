package io.galileosync.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.galileosync.sync.TestNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An import that inflates far beyond its size (a gzip bomb) is cut off at the configured size, not spooled. */
class ImportLimitsTest {

    @TempDir
    Path dir;

    @Test
    void aGzipBombIsRefusedAtTheLimitAndLeavesNothingBehind() throws Exception {
        byte[] bomb = gzipOfSpaces(2L << 30); // 2 GiB of JSON white space, about 2 MB as sent
        try (TestNode node = TestNode.start("importer", dir.resolve("node"), "galileo.sync.import-max-bytes=20MB")) {
            long spooledBefore = spooledBytes();
            HttpResponse<String> answer = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(node.url() + "/api/peer/import"))
                            .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bomb)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(413);
            assertThat(answer.body()).contains("import-max-bytes");
            assertThat(spooledBytes() - spooledBefore).as("no spooled file is left").isLessThanOrEqualTo(0);
            assertThat(node.count()).isZero();
        }
    }

    private static long spooledBytes() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("galileo-import-")).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }

    private static byte[] gzipOfSpaces(long size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] spaces = " ".repeat(1 << 20).getBytes();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16)) {
            for (long written = 0; written < size; written += spaces.length) {
                gzip.write(spaces);
            }
        }
        return out.toByteArray();
    }
}
