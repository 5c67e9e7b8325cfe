package io.galileosync.config;

import jakarta.persistence.EntityManagerFactory;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.hibernate.autoconfigure.HibernateProperties;
import org.springframework.boot.hibernate.autoconfigure.HibernateSettings;
import org.springframework.boot.jpa.EntityManagerFactoryBuilder;
import org.springframework.boot.jpa.autoconfigure.JpaProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.dao.support.PersistenceExceptionTranslator;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.vendor.HibernateJpaDialect;

/**
 * Hibernate is built once the node is up, not on its way up. Only the people's record and quarantine queries
 * use JPA; the record writer, the sync, the command log and every other table work with plain JDBC. Building
 * the EntityManagerFactory loads about 5,400 classes (over a quarter of those loaded at start) and takes
 * seconds of CPU, which on a phone's two cores held up the web server, the tracker port and readiness.
 * <p>
 * Boot's factory bean cannot be deferred: Spring creates it early as a {@code LoadTimeWeaverAware} bean and
 * waits for its build before the context is refreshed. So the factory here is a lazy bean of its own, made
 * with Boot's builder and Hibernate settings (the same {@code spring.jpa.*} properties apply), built on a
 * background thread once the node is ready, or by the first query if that comes sooner. Repositories are lazy
 * proxies ({@code spring.data.jpa.repositories.bootstrap-mode=lazy}), and transactions are JDBC transactions:
 * a JPA transaction manager needs the factory at start and opened an EntityManager for every transaction,
 * which, for the JDBC-only transactions of this application, was pure overhead.
 */
@Configuration(proxyBeanMethods = false)
class JpaOnFirstUse {

    private static final Logger log = LoggerFactory.getLogger(JpaOnFirstUse.class);

    @Bean
    JdbcTransactionManager transactionManager(DataSource dataSource) {
        return new JdbcTransactionManager(dataSource);
    }

    @Bean
    @Lazy
    EntityManagerFactory entityManagerFactory(EntityManagerFactoryBuilder builder, DataSource dataSource,
            JpaProperties jpa, HibernateProperties hibernate, BeanFactory beans) {
        Map<String, Object> settings = hibernate.determineHibernateProperties(jpa.getProperties(),
                new HibernateSettings().ddlAuto(() -> "none"));
        LocalContainerEntityManagerFactoryBean factory = builder.dataSource(dataSource)
                .packages(AutoConfigurationPackages.get(beans).toArray(String[]::new)) // where Boot looks
                .properties(settings)
                .build();
        factory.setBootstrapExecutor(null); // built here, on the thread that needs it
        factory.afterPropertiesSet();
        return factory.getObject();
    }

    /**
     * Spring Data registers a shared EntityManager for the factory, eagerly (its autowiring twin is lazy), which
     * would build the factory at start after all.
     */
    @Bean
    static BeanFactoryPostProcessor sharedEntityManagerOnFirstUse() {
        return beanFactory -> {
            for (String name : beanFactory.getBeanDefinitionNames()) {
                if (name.startsWith("jpaSharedEM_")) {
                    beanFactory.getBeanDefinition(name).setLazyInit(true);
                }
            }
        };
    }

    /** Translates Hibernate's exceptions for the repositories (Boot's factory bean did this). */
    @Bean
    static PersistenceExceptionTranslator hibernateExceptionTranslator() {
        return new HibernateJpaDialect();
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> entityManagerFactoryOnceReady() {
        return event -> {
            Thread build = new Thread(() -> {
                try {
                    event.getApplicationContext().getBean(EntityManagerFactory.class);
                } catch (RuntimeException e) {
                    if (event.getApplicationContext().isActive()) {
                        log.error("JPA could not be built; the record and quarantine queries will fail", e);
                    }
                }
            }, "jpa-bootstrap");
            build.setDaemon(true);
            build.start();
        };
    }
}
