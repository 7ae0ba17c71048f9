/*
 * The map of open reports on the event planning form (templates/liaisons/events/
 * event_form_fields.html). Needs Leaflet and static/js/map-base.js.
 *
 * Progressive enhancement: without JavaScript the reports are a list of checkboxes. With
 * it, each report with a point is also a marker on a map of the neighborhood (the outline
 * comes from the meeting-point map's configuration, "filing-map-config"); activating a
 * marker ticks or unticks its checkbox, and ticking a checkbox highlights its marker. The
 * checkboxes stay the form's only inputs.
 */
(function () {
    "use strict";

    var canvas = document.getElementById("event-report-map");
    var list = document.querySelector("[data-report-picker]");
    var configElement = document.getElementById("filing-map-config");
    if (!canvas || !list || !configElement || typeof window.L === "undefined" || !window.EngageMaps) {
        return;
    }
    var L = window.L;
    var maps = window.EngageMaps;
    var config = JSON.parse(configElement.textContent);
    canvas.hidden = false;

    var map = L.map(canvas, { attributionControl: Boolean(config.tileUrl) });
    maps.tiles(map, config);
    var outlines = maps.neighborhoods(map, config.neighborhoods);
    var chosenColour = maps.swatchColour("pin", "#b00020");
    var openColour = maps.swatchColour("submitted", "#4a4a4a");

    function style(marker, checked) {
        marker.setRadius(checked ? 10 : 7);
        marker.setStyle({
            color: "#ffffff",
            weight: 2,
            fillColor: checked ? chosenColour : openColour,
            fillOpacity: checked ? 0.95 : 0.7
        });
    }

    // Read the reports first: Leaflet draws markers only on a map that has a view.
    var reports = [];
    Array.prototype.forEach.call(list.querySelectorAll("li[data-lat]"), function (item) {
        var lat = parseFloat(item.getAttribute("data-lat"));
        var lng = parseFloat(item.getAttribute("data-lng"));
        var checkbox = item.querySelector("input[type=checkbox]");
        if (!isNaN(lat) && !isNaN(lng) && checkbox) {
            reports.push({ point: [lat, lng], checkbox: checkbox, label: item.querySelector("label") });
        }
    });
    if (reports.length) {
        map.fitBounds(L.latLngBounds(reports.map(function (r) { return r.point; })).pad(0.2), {
            maxZoom: 17
        });
    } else {
        maps.showCity(map, outlines, null, config.center);
    }

    reports.forEach(function (report) {
        var checkbox = report.checkbox;
        var marker = L.circleMarker(report.point).addTo(map);
        style(marker, checkbox.checked);
        marker.bindTooltip(report.label ? report.label.textContent.replace(/\s+/g, " ").trim() : "");
        marker.on("click", function () {
            checkbox.checked = !checkbox.checked;
            style(marker, checkbox.checked);
            checkbox.focus();
        });
        checkbox.addEventListener("change", function () {
            style(marker, checkbox.checked);
        });
    });
})();
