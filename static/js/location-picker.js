/*
 * The map on the report and idea forms (templates/reports/includes/filing_report_fields.html,
 * templates/ideas/idea_form.html). Needs Leaflet and static/js/map-base.js.
 *
 * Progressive enhancement: without JavaScript the form asks for an address or the
 * latitude and longitude. With it, the map opens on the whole city with the neighborhoods
 * named; a click fills in the latitude and longitude and tells the address search
 * (static/js/address-search.js) through a "location-picked" event, which fills in the
 * nearest known address; typing the coordinates (or choosing an address, or "Use my
 * location") moves the pin. Street tiles are drawn only when the site configures a tile
 * server.
 */
(function () {
    "use strict";

    var canvas = document.getElementById("filing-map");
    var configElement = document.getElementById("filing-map-config");
    if (!canvas || !configElement || typeof window.L === "undefined" || !window.EngageMaps) {
        return;
    }
    var L = window.L;
    var maps = window.EngageMaps;
    var config = JSON.parse(configElement.textContent);
    var latInput = document.querySelector("input[name=lat]");
    var lngInput = document.querySelector("input[name=lng]");
    if (!latInput || !lngInput) {
        return;
    }
    var box = canvas.closest("[data-location-picker]");
    box.hidden = false;

    function typedPoint() {
        var lat = parseFloat(latInput.value);
        var lng = parseFloat(lngInput.value);
        return isNaN(lat) || isNaN(lng) ? null : [lat, lng];
    }

    var map = L.map(canvas, { attributionControl: Boolean(config.tileUrl) });
    maps.tiles(map, config);
    var outlines = maps.neighborhoods(map, config.neighborhoods);
    var start = typedPoint();
    if (start) {
        map.setView(start, 17);
    } else {
        maps.showCity(map, outlines, null, config.center);
    }

    var pinColour = maps.swatchColour("pin", "#b00020");
    var marker = null;
    function place(point) {
        if (marker) {
            marker.setLatLng(point);
        } else {
            marker = L.circleMarker(point, {
                radius: 9,
                color: "#ffffff",
                weight: 2,
                fillColor: pinColour,
                fillOpacity: 0.9
            }).addTo(map);
        }
    }
    if (start) {
        place(start);
    }

    map.on("click", function (event) {
        latInput.value = event.latlng.lat.toFixed(6);
        lngInput.value = event.latlng.lng.toFixed(6);
        place(event.latlng);
        box.dispatchEvent(
            new CustomEvent("location-picked", {
                bubbles: true,
                detail: { lat: event.latlng.lat, lng: event.latlng.lng }
            })
        );
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
