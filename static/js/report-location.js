/*
 * A small map of where a report is, on its tracking page. Progressive enhancement: the
 * page already gives the address and coordinates, with a link to the full map.
 */
(function () {
    "use strict";

    var canvas = document.getElementById("report-location");
    var configElement = document.getElementById("report-location-config");
    if (!canvas || !configElement || typeof window.L === "undefined") {
        return;
    }
    var L = window.L;
    var config = JSON.parse(configElement.textContent);
    canvas.hidden = false;
    var map = L.map(canvas, { attributionControl: Boolean(config.tileUrl) }).setView(config.point, 16);
    if (config.tileUrl) {
        L.tileLayer(config.tileUrl, { attribution: config.tileAttribution, maxZoom: 19 }).addTo(map);
    }
    if (config.neighborhoods) {
        L.geoJSON(config.neighborhoods, {
            interactive: false,
            style: { color: "#073763", weight: 2, fillColor: "#0b5394", fillOpacity: 0.06 }
        }).addTo(map);
    }
    L.circleMarker(config.point, { radius: 9, color: "#b00020", fillOpacity: 0.8 }).addTo(map);
})();
