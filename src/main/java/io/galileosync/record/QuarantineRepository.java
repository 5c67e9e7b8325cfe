package io.galileosync.record;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.repository.Repository;

interface QuarantineRepository extends Repository<QuarantinedPacket, Long> {

    Page<QuarantinedPacket> findAll(Pageable pageable);
}
