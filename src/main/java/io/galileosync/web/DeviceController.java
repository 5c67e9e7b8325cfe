package io.galileosync.web;

import io.galileosync.config.ApiParams;
import io.galileosync.store.RecordStore;
import io.galileosync.store.RecordSelection;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Devices, and a device's track and record export. The track and the export are written to the response
 * on the request thread while the records stream from the store, rather than returned as a
 * {@code StreamingResponseBody}: an async response is cut off at the servlet container's async timeout
 * (30 s by default), too short for a device with millions of records.
 */
@RestController
@RequestMapping("/api/devices")
@Tag(name = "Devices")
class DeviceController {

    private static final String IMEI_DOC = "the tracker's IMEI: 1 to 32 letters or digits";

    private final RecordStore store;
    private final JsonMapper json;

    DeviceController(RecordStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    @GetMapping
    @Operation(operationId = "listDevices", summary = "Every device, by IMEI")
    List<DeviceJson> devices() {
        return store.devices().stream().map(DeviceJson::from).toList();
    }

    @GetMapping("/{imei}")
    @Operation(operationId = "device", summary = "One device")
    DeviceJson device(@Parameter(description = IMEI_DOC) @PathVariable String imei) {
        return store.device(ApiParams.imei(imei)).map(DeviceJson::from).orElseThrow(() -> unknownDevice(imei));
    }

    @GetMapping("/{imei}/track")
    @Operation(operationId = "deviceTrack", summary = "The device's valid fixes as GeoJSON",
            description = "A FeatureCollection: one LineString Feature of the fixes in time order (properties imei, "
                    + "from and to = first and last fix time, points; geometry null with fewer than two fixes), "
                    + "then one Point Feature per fix (properties time, speed, course, altitude, satellites, "
                    + "recordNumber). Positions are [longitude, latitude].",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/geo+json")))
    void track(@Parameter(description = IMEI_DOC) @PathVariable String imei,
               @Parameter(description = ApiParams.FROM_DOC) @RequestParam(required = false) String from,
               @Parameter(description = ApiParams.TO_DOC) @RequestParam(required = false) String to,
               HttpServletResponse response) throws IOException {
        RecordSelection fixes = select(imei, from, to, true);
        response.setContentType(TrackGeoJson.MEDIA_TYPE.toString());
        try (JsonGenerator generator = json.createGenerator(response.getOutputStream())) {
            TrackGeoJson.write(generator, fixes.imei(), () -> store.stream(fixes));
        }
    }

    @GetMapping("/{imei}/records.csv")
    @Operation(operationId = "deviceRecordsCsv", summary = "The device's records as CSV, in time order",
            description = "RFC 4180 CSV with a header row; the attributes column holds their JSON text.",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "text/csv")))
    void csv(@Parameter(description = IMEI_DOC) @PathVariable String imei,
             @Parameter(description = ApiParams.FROM_DOC) @RequestParam(required = false) String from,
             @Parameter(description = ApiParams.TO_DOC) @RequestParam(required = false) String to,
             HttpServletResponse response) throws IOException {
        RecordSelection records = select(imei, from, to, false);
        response.setContentType(RecordCsv.MEDIA_TYPE.toString());
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment().filename(imei + "-records.csv").build().toString());
        try (Writer out = new BufferedWriter(
                new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8))) {
            RecordCsv.write(store.stream(records), out);
        }
    }

    private RecordSelection select(String imei, String from, String to, boolean validFixesOnly) {
        return store.select(ApiParams.imei(imei), TimeRanges.of(from, to), validFixesOnly)
                .orElseThrow(() -> unknownDevice(imei));
    }

    private static ResponseStatusException unknownDevice(String imei) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "No device with IMEI " + imei);
    }
}
