/*
 * The map on the liaison dashboard (templates/liaisons/dashboard/dashboard.html): the liaison's
 * neighborhoods and the open reports listed on the page, one dot each in the legend's
 * colour (static/js/map-base.js reads them from static/css/maps.css), an overdue report
 * ringed in red. Progressive enhancement: the list under the map holds the same reports
 * as text, with their follow-up links; without JavaScript the map stays hidden.
 */
(function () {
    "use strict";

    var configElement = document.getElementById("dashboard-map-config");
    var container = document.getElementById("dashboard-map");
    if (!configElement || !container || typeof window.L === "undefined" || !window.EngageMaps) {
        return;
    }
    var L = window.L;
    var maps = window.EngageMaps;
    var config = JSON.parse(configElement.textContent);
    container.hidden = false;
    ["dashboard-map-legend", "dashboard-map-overdue"].forEach(function (id) {
        var element = document.getElementById(id);
        if (element) {
            element.hidden = false;
        }
    });
    var map = L.map(container, { attributionControl: Boolean(config.tileUrl), zoomSnap: 0.5 });
    maps.tiles(map, config);
    var outlines = maps.neighborhoods(map, config.neighborhoods);
    maps.showCity(map, outlines, config.bbox, config.center);

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
        if (report.overdue) {
            var overdue = document.createElement("strong");
            overdue.textContent = config.text.overdue;
            box.appendChild(overdue);
        }
        return box;
    }

    (config.reports || []).forEach(function (report) {
        L.circleMarker(report.point, {
            radius: 8,
            color: report.overdue ? "#b50909" : "#ffffff",
            weight: report.overdue ? 3 : 2,
            fillColor: maps.swatchColour(report.status, "#4a4a4a"),
            fillOpacity: 0.9
        })
            .bindPopup(popup(report))
            .addTo(map);
    });
})();
