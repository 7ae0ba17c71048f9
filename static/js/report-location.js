/*
 * A small map of where a report (or an idea) is, on its page, with the neighborhoods
 * named (static/js/map-base.js). Progressive enhancement: the page already gives the
 * address and coordinates, with a link to the full map.
 */
(function () {
    "use strict";

    var canvas = document.getElementById("report-location");
    var configElement = document.getElementById("report-location-config");
    if (!canvas || !configElement || typeof window.L === "undefined" || !window.EngageMaps) {
        return;
    }
    var L = window.L;
    var maps = window.EngageMaps;
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
    maps.tiles(map, config);
    maps.neighborhoods(map, config.neighborhoods);
    L.circleMarker(config.point, {
        radius: 9,
        color: "#ffffff",
        weight: 2,
        fillColor: maps.swatchColour("pin", "#b00020"),
        fillOpacity: 0.9,
        interactive: false
    }).addTo(map);
})();
