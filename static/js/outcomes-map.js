/*
 * The map of the outcomes listed on an outcomes index page
 * (templates/outcomes/includes/outcome_map.html): one dot per outcome in its status's
 * colour (static/js/map-base.js reads the colours from the legend's swatches), each opening
 * a link to the outcome. Progressive enhancement: the list after the map holds the same
 * outcomes as text; without JavaScript the map stays hidden. Tiles only when the city
 * configured a tile server: otherwise the neighborhood outlines alone, no network.
 */
(function () {
    "use strict";

    var configElement = document.getElementById("outcome-map-config");
    var container = document.getElementById("outcome-map");
    if (!configElement || !container || typeof window.L === "undefined" || !window.EngageMaps) {
        return;
    }
    var L = window.L;
    var maps = window.EngageMaps;
    var config = JSON.parse(configElement.textContent);
    container.hidden = false;
    var legend = document.getElementById("outcome-map-legend");
    if (legend) {
        legend.hidden = false;
    }
    var map = L.map(container, { attributionControl: Boolean(config.tileUrl), zoomSnap: 0.5 });
    maps.tiles(map, config);
    maps.neighborhoods(map, config.neighborhoods);
    map.fitBounds(
        [
            [config.bbox[1], config.bbox[0]],
            [config.bbox[3], config.bbox[2]]
        ],
        { padding: [24, 24], maxZoom: 16 }
    );

    // Text nodes only: staff type the titles.
    function popup(outcome) {
        var box = document.createElement("div");
        box.className = "report-map__popup";
        var link = document.createElement("a");
        link.href = outcome.url;
        link.textContent = outcome.title;
        box.appendChild(link);
        var status = document.createElement("div");
        status.textContent = outcome.statusLabel;
        box.appendChild(status);
        return box;
    }

    (config.outcomes || []).forEach(function (outcome) {
        L.circleMarker(outcome.point, {
            radius: 9,
            color: "#ffffff",
            weight: 2,
            fillColor: maps.swatchColour(outcome.status, "#4a4a4a"),
            fillOpacity: 0.9
        })
            .bindPopup(popup(outcome))
            .addTo(map);
    });
})();
