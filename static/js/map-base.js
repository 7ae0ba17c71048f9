/*
 * What every map on the site shares (loaded before the map's own script, after Leaflet):
 * the tile layer when the city configured one, the neighborhood outlines with their names
 * drawn in the middle, and the colours of the legend (static/css/maps.css), read back from
 * its swatches so that the map and its legend cannot disagree.
 */
(function () {
    "use strict";

    if (typeof window.L === "undefined") {
        return;
    }
    var L = window.L;

    var OUTLINE = { color: "#073763", weight: 2, fillColor: "#0b5394", fillOpacity: 0.06 };

    function swatchColour(modifier, fallback) {
        var probe = document.querySelector(".map-legend__swatch--" + modifier);
        var added = false;
        if (!probe) {
            probe = document.createElement("span");
            probe.className = "map-legend__swatch map-legend__swatch--" + modifier;
            document.body.appendChild(probe);
            added = true;
        }
        var colour = window.getComputedStyle(probe).backgroundColor;
        if (added) {
            probe.remove();
        }
        return colour && colour !== "rgba(0, 0, 0, 0)" && colour !== "transparent" ? colour : fallback;
    }

    function tiles(map, config) {
        if (config.tileUrl) {
            L.tileLayer(config.tileUrl, { attribution: config.tileAttribution || "", maxZoom: 19 }).addTo(map);
        }
    }

    // The outlines, each with its name as a permanent label at its centre (a text
    // node, never HTML: staff type the names). Returns null when there are none.
    function neighborhoods(map, collection) {
        if (!collection || !collection.features || !collection.features.length) {
            return null;
        }
        return L.geoJSON(collection, {
            interactive: false,
            style: function () {
                return OUTLINE;
            },
            onEachFeature: function (feature, layer) {
                var name = document.createElement("span");
                name.textContent = feature.properties.name;
                layer.bindTooltip(name, {
                    permanent: true,
                    direction: "center",
                    className: "map-label",
                    interactive: false
                });
            }
        }).addTo(map);
    }

    // The whole city in view: every neighborhood, else the box around the city centre.
    function showCity(map, outlines, fallbackBox, center) {
        if (outlines && outlines.getBounds().isValid()) {
            map.fitBounds(outlines.getBounds(), { padding: [12, 12] });
        } else if (fallbackBox) {
            map.fitBounds([
                [fallbackBox[1], fallbackBox[0]],
                [fallbackBox[3], fallbackBox[2]]
            ]);
        } else {
            map.setView(center, 12);
        }
    }

    window.EngageMaps = {
        swatchColour: swatchColour,
        tiles: tiles,
        neighborhoods: neighborhoods,
        showCity: showCity
    };
})();
