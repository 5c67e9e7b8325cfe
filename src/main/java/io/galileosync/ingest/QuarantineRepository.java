package io.galileosync.ingest;

import io.galileosync.config.OffsetPageRequest;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.repository.Repository;

interface QuarantineRepository extends Repository<QuarantinedPacket, Long> {

    Page<QuarantinedPacket> findAll(Pageable pageable);

    default Page<QuarantinedPacket> newestFirst(int offset, int limit) {
        return findAll(new OffsetPageRequest(offset, limit, Sort.by(Sort.Direction.DESC, "receivedAt", "id")));
    }
}
