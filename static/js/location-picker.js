/*
 * The map on the report form (templates/reports/includes/filing_report_fields.html).
 *
 * Progressive enhancement: without JavaScript the form asks for the latitude and
 * longitude or an address. With Leaflet (vendored), a click on the map fills in the
 * latitude and longitude, and typing them (or "Use my location") moves the marker.
 * Street tiles are drawn only when the site configures a tile server.
 */
(function () {
    "use strict";

    var canvas = document.getElementById("filing-map");
    var configElement = document.getElementById("filing-map-config");
    if (!canvas || !configElement || typeof window.L === "undefined") {
        return;
    }
    var L = window.L;
    var config = JSON.parse(configElement.textContent);
    var latInput = document.querySelector("input[name=lat]");
    var lngInput = document.querySelector("input[name=lng]");
    if (!latInput || !lngInput) {
        return;
    }
    canvas.closest("[data-location-picker]").hidden = false;

    function typedPoint() {
        var lat = parseFloat(latInput.value);
        var lng = parseFloat(lngInput.value);
        return isNaN(lat) || isNaN(lng) ? null : [lat, lng];
    }

    var start = typedPoint();
    var map = L.map(canvas).setView(start || config.center, start ? 17 : 12);
    if (config.tileUrl) {
        L.tileLayer(config.tileUrl, { attribution: config.tileAttribution, maxZoom: 19 }).addTo(map);
    }
    if (config.neighborhoods) {
        L.geoJSON(config.neighborhoods, {
            style: { color: "#0b5394", weight: 2, fillOpacity: 0.05 },
            onEachFeature: function (feature, layer) {
                // An element, not a string: Leaflet would read a string as HTML, and
                // neighborhood names are typed by staff.
                var name = document.createElement("span");
                name.textContent = feature.properties.name;
                layer.bindTooltip(name);
            }
        }).addTo(map);
    }

    var marker = null;
    function place(point) {
        if (marker) {
            marker.setLatLng(point);
        } else {
            marker = L.circleMarker(point, { radius: 9, color: "#b00020", fillOpacity: 0.8 }).addTo(map);
        }
    }
    if (start) {
        place(start);
    }

    map.on("click", function (event) {
        latInput.value = event.latlng.lat.toFixed(6);
        lngInput.value = event.latlng.lng.toFixed(6);
        place(event.latlng);
    });

    function followInputs() {
        var point = typedPoint();
        if (point) {
            place(point);
            map.setView(point, Math.max(map.getZoom(), 16));
        }
    }
    latInput.addEventListener("change", followInputs);
    lngInput.addEventListener("change", followInputs);
})();
