package io.galileosync;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class GalileoSyncApplication {

    public static void main(String[] args) {
        SpringApplication.run(GalileoSyncApplication.class, args);
    }
}
