package io.galileosync.backup;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** The start's short failure report for an unusable database, without a stack trace. In {@code META-INF/spring.factories}. */
class UnusableDatabaseFailureAnalyzer extends AbstractFailureAnalyzer<UnusableDatabaseException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnusableDatabaseException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
    }
}
