package io.galileosync.store;

import org.springframework.data.repository.Repository;

interface DeviceRepository extends Repository<DeviceRow, String> {

    boolean existsById(String imei);

    long count();
}
