package io.galileosync.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JMH benchmark of the packet decoder on every real main packet of the vectors (not run by the tests):
 * <pre>./mvnw -q test-compile exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *   -Dexec.args="-cp %classpath io.galileosync.ingest.DecoderBenchmark"</pre>
 * Prints packets per second for the whole set; records/s = that × {@link #recordsPerSet} / packets per set.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DecoderBenchmark {

    private final GalileoPacketDecoder decoder = new GalileoPacketDecoder(MdsBitOrder.MSB_FIRST);
    private final List<byte[]> payloads = new ArrayList<>();
    int recordsPerSet;

    @Setup
    public void load() throws IOException, PacketDecodeException {
        try (InputStream in = DecoderBenchmark.class.getResourceAsStream("/galileosky/vectors.json")) {
            for (JsonNode vector : JsonMapper.builder().build().readTree(in)) {
                byte[] frame = HexFormat.of().parseHex(vector.get("hex").asString());
                GalileoFrame parsed = GalileoFrame.of(frame);
                if (parsed.header() != GalileoFrame.HEAD_MAIN || parsed.iridium() || frame.length < 200) {
                    continue;
                }
                try {
                    recordsPerSet += decoder.decode(1, parsed.payload()).records().size();
                    payloads.add(parsed.payload());
                } catch (PacketDecodeException e) {
                    // only decodable multi-record packets are measured
                }
            }
        }
    }

    /** Decodes every real multi-record main packet once. */
    @Benchmark
    public void decodeRealMainPackets(Blackhole sink) throws PacketDecodeException {
        for (byte[] payload : payloads) {
            sink.consume(decoder.decode(1, payload));
        }
    }

    public static void main(String[] args) throws RunnerException, IOException, PacketDecodeException {
        DecoderBenchmark probe = new DecoderBenchmark();
        probe.load();
        System.out.printf("set: %d packets, %d records, %d bytes%n", probe.payloads.size(), probe.recordsPerSet,
                probe.payloads.stream().mapToInt(p -> p.length).sum());
        new Runner(new OptionsBuilder().include(DecoderBenchmark.class.getSimpleName()).build()).run();
    }
}
