/*
 * The map of a youth session's reports sent to the city (the educator's session page and
 * the class's results page, templates/youth/includes/field_reports_map.html): one dot per
 * report in its status's colour (static/js/map-base.js reads the colours from the legend,
 * static/css/maps.css). Progressive enhancement: the list beside the map holds the same
 * reports as text; without JavaScript the map stays hidden.
 */
(function () {
    "use strict";

    var configElement = document.getElementById("youth-field-reports-map-config");
    var container = document.getElementById("youth-field-reports-map");
    if (!configElement || !container || typeof window.L === "undefined" || !window.EngageMaps) {
        return;
    }
    var L = window.L;
    var maps = window.EngageMaps;
    var config = JSON.parse(configElement.textContent);
    container.hidden = false;
    var legend = document.getElementById("youth-field-reports-map-legend");
    if (legend) {
        legend.hidden = false;
    }
    var map = L.map(container, { attributionControl: Boolean(config.tileUrl), zoomSnap: 0.5 });
    maps.tiles(map, config);
    maps.neighborhoods(map, config.neighborhoods);
    // The reports in view, not the whole city: a class walks a few streets.
    map.fitBounds([
        [config.bbox[1], config.bbox[0]],
        [config.bbox[3], config.bbox[2]]
    ]);

    function popup(report) {
        var box = document.createElement("div");
        box.className = "report-map__popup";
        var link = document.createElement("a");
        link.href = report.url;
        link.textContent = report.title;
        box.appendChild(link);
        [config.text.report.replace("%s", report.reference), report.statusLabel].forEach(function (line) {
            var row = document.createElement("div");
            row.textContent = line;
            box.appendChild(row);
        });
        return box;
    }

    (config.reports || []).forEach(function (report) {
        L.circleMarker(report.point, {
            radius: 8,
            color: "#ffffff",
            weight: 2,
            fillColor: maps.swatchColour(report.status, "#4a4a4a"),
            fillOpacity: 0.9
        })
            .bindPopup(popup(report))
            .addTo(map);
    });
})();
