package io.galileosync.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The heap-return flags, in a JVM of their own (they would otherwise change the test JVM's collector). */
class HeapReturnTest {

    @Test
    void setsTheDefaultsAtRunTime() throws Exception {
        assertThat(flagsAfterApply()).contains(
                "set {G1PeriodicGCInterval=30000, MinHeapFreeRatio=10, MaxHeapFreeRatio=30}",
                "G1PeriodicGCInterval=30000 MANAGEMENT", "MinHeapFreeRatio=10 MANAGEMENT",
                "MaxHeapFreeRatio=30 MANAGEMENT");
    }

    @Test
    void leavesAFlagGivenOnTheCommandLine() throws Exception {
        assertThat(flagsAfterApply("-XX:MaxHeapFreeRatio=50", "-XX:G1PeriodicGCInterval=0"))
                .contains("set {MinHeapFreeRatio=10}", "G1PeriodicGCInterval=0 VM_CREATION",
                        "MaxHeapFreeRatio=50 VM_CREATION");
    }

    /** Runs {@link Probe} in a new JVM with these options; answers what it printed. */
    private static String flagsAfterApply(String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /** Applies the defaults, then prints what it set and each flag's value and origin. */
    static final class Probe {

        private Probe() {
        }

        public static void main(String[] args) {
            System.out.println("set " + HeapReturn.apply());
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            HeapReturn.DEFAULTS.keySet().forEach(name -> System.out.println(
                    name + "=" + hotspot.getVMOption(name).getValue() + " " + hotspot.getVMOption(name).getOrigin()));
        }
    }
}
