/*
 * Adopt a block (templates/liaisons/volunteers/adopt.html and adoption.html). Needs
 * Leaflet and static/js/map-base.js.
 *
 * Drawing (#adopt-map): each click on the map adds a corner; "Undo" removes the last,
 * "Start again" removes them all. The closed outline is written as a GeoJSON Polygon
 * (longitude first) into the form's hidden "area" input, and read back from it when the
 * page comes back with an error, so the drawing is never lost. The server checks the
 * shape and size again (liaisons/services/adoptions.py). Without JavaScript the map
 * stays hidden and the form asks for an address and the size of a square instead.
 *
 * Showing (#adoption-map): the adopted area with the open and fixed reports inside it.
 */
(function () {
    "use strict";

    if (typeof window.L === "undefined" || !window.EngageMaps) {
        return;
    }
    var L = window.L;
    var maps = window.EngageMaps;
    var AREA_STYLE = { color: "#b00020", weight: 3, fillColor: "#b00020", fillOpacity: 0.15 };

    function readConfig(id) {
        var element = document.getElementById(id);
        return element ? JSON.parse(element.textContent) : null;
    }

    function baseMap(canvas, config, options) {
        var map = L.map(canvas, Object.assign({ attributionControl: Boolean(config.tileUrl) }, options || {}));
        maps.tiles(map, config);
        return { map: map, outlines: maps.neighborhoods(map, config.neighborhoods) };
    }

    // GeoJSON ring (longitude, latitude; closed) <-> Leaflet corners (latitude, longitude).
    function toPolygon(corners) {
        var ring = corners.map(function (c) {
            return [Number(c.lng.toFixed(7)), Number(c.lat.toFixed(7))];
        });
        ring.push(ring[0]);
        return { type: "Polygon", coordinates: [ring] };
    }

    function fromPolygon(text) {
        try {
            var area = JSON.parse(text);
            var ring = area.coordinates[0].slice(0, -1);
            return ring.map(function (p) {
                return L.latLng(p[1], p[0]);
            });
        } catch (error) {
            return [];
        }
    }

    function drawing() {
        var canvas = document.getElementById("adopt-map");
        var config = readConfig("adopt-map-config");
        var input = document.querySelector("#adopt-form input[name=area]");
        if (!canvas || !config || !input) {
            return;
        }
        var box = canvas.closest("[data-adopt-map]");
        box.hidden = false;
        var status = document.getElementById("adopt-map-status");
        var texts = {};
        var template = document.getElementById("adopt-map-messages");
        template.content.querySelectorAll("[data-key]").forEach(function (span) {
            texts[span.dataset.key] = span.textContent;
        });

        var made = baseMap(canvas, config);
        var map = made.map;
        var corners = fromPolygon(input.value);
        var shape = null;
        var dots = L.layerGroup().addTo(map);
        var pin = maps.swatchColour("pin", "#b00020");

        function redraw() {
            if (shape) {
                map.removeLayer(shape);
                shape = null;
            }
            dots.clearLayers();
            corners.forEach(function (corner) {
                L.circleMarker(corner, { radius: 5, color: "#ffffff", weight: 2, fillColor: pin, fillOpacity: 1, interactive: false }).addTo(dots);
            });
            if (corners.length >= 3) {
                shape = L.polygon(corners, Object.assign({ interactive: false }, AREA_STYLE)).addTo(map);
                input.value = JSON.stringify(toPolygon(corners));
            } else {
                if (corners.length === 2) {
                    shape = L.polyline(corners, { color: AREA_STYLE.color, weight: 3, interactive: false }).addTo(map);
                }
                input.value = "";
            }
            var key = corners.length === 0 ? "none" : corners.length < 3 ? "some" : "done";
            status.textContent = texts[key].replace("%(count)s", String(corners.length));
        }

        if (corners.length >= 3) {
            map.fitBounds(L.latLngBounds(corners), { padding: [24, 24] });
        } else {
            maps.showCity(map, made.outlines, null, config.center);
        }
        redraw();

        map.on("click", function (event) {
            corners.push(event.latlng);
            redraw();
        });
        box.querySelector("[data-adopt-undo]").addEventListener("click", function () {
            corners.pop();
            redraw();
        });
        box.querySelector("[data-adopt-clear]").addEventListener("click", function () {
            corners = [];
            redraw();
        });
    }

    function showing() {
        var canvas = document.getElementById("adoption-map");
        var config = readConfig("adoption-map-config");
        if (!canvas || !config) {
            return;
        }
        canvas.closest("[data-adoption-map]").hidden = false;
        var map = baseMap(canvas, config).map;
        var area = L.geoJSON(config.area, { interactive: false, style: function () { return AREA_STYLE; } }).addTo(map);
        map.fitBounds(area.getBounds(), { padding: [24, 24] });
        var open = maps.swatchColour("submitted", "#b45309");
        var fixed = maps.swatchColour("resolved", "#1e6b30");
        (config.reports || []).forEach(function (report) {
            var marker = L.circleMarker([report.lat, report.lng], {
                radius: 7,
                color: "#ffffff",
                weight: 2,
                fillColor: report.fixed ? fixed : open,
                fillOpacity: 0.9
            }).addTo(map);
            // A text node: category names are typed by staff.
            var link = document.createElement("a");
            link.href = report.url;
            link.textContent = report.label;
            marker.bindPopup(link);
        });
    }

    drawing();
    showing();
})();
