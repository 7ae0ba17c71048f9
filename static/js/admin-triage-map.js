/*
 * The triage map on a service report's admin page: the report (red), the open reports
 * near it (blue) and its neighborhood's outline. Clicking a nearby report picks it in the
 * merge form below. The list beside the map says the same in text, and the page works
 * without this script (or without tiles: MAP_TILE_URL may be empty).
 */
(function () {
    "use strict";

    var canvas = document.getElementById("triage-map");
    var configElement = document.getElementById("triage-map-config");
    if (!canvas || !configElement || typeof window.L === "undefined") {
        return;
    }
    var L = window.L;
    var config = JSON.parse(configElement.textContent);
    canvas.hidden = false;
    // The list below is the way to reach each report from the keyboard; the map is a
    // picture for the eye (named by its role="img"), so nothing in it takes focus.
    var map = L.map(canvas, { keyboard: false, zoomControl: false, attributionControl: false });
    if (config.tileUrl) {
        L.tileLayer(config.tileUrl, { maxZoom: 19 }).addTo(map);
    }
    if (config.neighborhoods) {
        L.geoJSON(config.neighborhoods, {
            interactive: false,
            style: { color: "#073763", weight: 2, fillColor: "#0b5394", fillOpacity: 0.06 }
        }).addTo(map);
    }

    function fill(template, value) {
        return template.replace("%s", value);
    }

    function pick(reference) {
        var radio = document.getElementById("merge-target-" + reference);
        if (radio) {
            radio.checked = true;
            radio.dispatchEvent(new Event("change", { bubbles: true }));
            radio.scrollIntoView({ block: "nearest" });
        }
    }

    // Set the view first: Leaflet draws markers only once the map has one.
    var bounds = L.latLngBounds([config.point]);
    config.nearby.forEach(function (other) {
        bounds.extend(other.point);
    });
    map.fitBounds(bounds.pad(0.3), { maxZoom: 17 });

    config.nearby.forEach(function (other) {
        var marker = L.circleMarker(other.point, {
            radius: 8,
            color: "#0b5394",
            fillOpacity: 0.7
        }).addTo(map);
        marker.bindTooltip(
            other.reference + " · " + other.title + " · " + other.distance + " m · " + other.status
        );
        marker.on("click", function () {
            pick(other.reference);
        });
        marker.getElement().setAttribute("data-marker", other.reference);
    });
    var here = L.circleMarker(config.point, {
        radius: 10,
        color: "#b00020",
        fillOpacity: 0.9
    }).addTo(map);
    here.bindTooltip(fill(config.text.this, config.reference));
    here.getElement().setAttribute("data-marker", config.reference);
})();
