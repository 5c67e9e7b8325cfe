package io.galileosync.store;

import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/** Adds this node's name, id and database epoch to {@code /actuator/info}. */
@Component
class NodeInfoContributor implements InfoContributor {

    private final NodeIdentity node;

    NodeInfoContributor(NodeIdentity node) {
        this.node = node;
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("node", Map.of("name", node.name(), "id", node.nodeId(), "epoch", node.epoch()));
    }
}
