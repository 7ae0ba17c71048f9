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
    // A picture, not a tool: nothing in it can be focused or clicked (the page names it
    // as an image and gives the address and coordinates in text; the attribution for
    // tiles, if any, is printed under it).
    var map = L.map(canvas, {
        attributionControl: false,
        zoomControl: false,
        keyboard: false,
        dragging: false,
        scrollWheelZoom: false,
        doubleClickZoom: false,
        boxZoom: false,
        touchZoom: false
    }).setView(config.point, 16);
    if (config.tileUrl) {
        L.tileLayer(config.tileUrl, { maxZoom: 19 }).addTo(map);
    }
    if (config.neighborhoods) {
        L.geoJSON(config.neighborhoods, {
            interactive: false,
            style: { color: "#073763", weight: 2, fillColor: "#0b5394", fillOpacity: 0.06 }
        }).addTo(map);
    }
    L.circleMarker(config.point, {
        radius: 9,
        color: "#b00020",
        fillOpacity: 0.8,
        interactive: false
    }).addTo(map);
})();
