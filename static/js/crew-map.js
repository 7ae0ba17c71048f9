/*
 * The map of a crew's open reports (templates/reports/crews/today.html). Progressive
 * enhancement: the list above it has every report, with its directions link; the map
 * shows where they are, each dot linking to the report's page.
 */
(function () {
    "use strict";

    var container = document.getElementById("crew-map");
    var configElement = document.getElementById("crew-map-config");
    if (!container || !configElement || typeof window.L === "undefined" || !window.EngageMaps) {
        return;
    }
    var L = window.L;
    var maps = window.EngageMaps;
    var config = JSON.parse(configElement.textContent);
    if (!config.reports || !config.reports.length) {
        return;
    }
    container.hidden = false;
    var map = L.map(container, { attributionControl: Boolean(config.tileUrl) });
    maps.tiles(map, config);
    var dots = config.reports.map(function (report) {
        var link = document.createElement("a");
        link.href = report.url;
        link.textContent = report.title + " · " + report.reference;
        return L.circleMarker(report.point, {
            radius: 9,
            color: "#ffffff",
            weight: 2,
            fillColor: maps.swatchColour("pin", "#b00020"),
            fillOpacity: 0.9
        }).bindPopup(link);
    });
    var group = L.featureGroup(dots).addTo(map);
    map.fitBounds(group.getBounds(), { padding: [24, 24], maxZoom: 16 });
})();
