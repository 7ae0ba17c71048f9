/*
 * The map of reported problems (templates/reports/report_map.html).
 *
 * Progressive enhancement: the page already lists the reports in the default area.
 * When Leaflet (vendored under /static/vendor/leaflet/) is available, this script shows
 * the map and its legend, draws the neighborhoods with their names (static/js/map-base.js),
 * and after every move or zoom loads the
 * reports in view from the GeoJSON endpoint, drawing them on the map and replacing the
 * list below it — the list stays the accessible alternative to the map.
 *
 * A tile layer (street background) is added only when the site configures one
 * (settings.MAP_TILE_URL); otherwise nothing is loaded from another server.
 */
(function () {
    "use strict";

    var configElement = document.getElementById("report-map-config");
    var container = document.getElementById("report-map");
    if (!configElement || !container || typeof window.L === "undefined" || !window.EngageMaps) {
        return;
    }
    var L = window.L;
    var maps = window.EngageMaps;
    var config = JSON.parse(configElement.textContent);
    var neighborhoodsElement = document.getElementById("report-map-neighborhoods");
    var neighborhoods = neighborhoodsElement ? JSON.parse(neighborhoodsElement.textContent) : null;
    var list = document.getElementById("report-map-list");
    var status = document.getElementById("report-map-status");
    var note = document.getElementById("report-map-note");
    var text = config.text;
    var language = document.documentElement.lang || undefined;

    // The legend's colours (static/css/maps.css), so the dots match it.
    var STATUS_COLOURS = {};
    ["submitted", "acknowledged", "in_progress", "resolved", "closed", "duplicate"].forEach(function (status) {
        STATUS_COLOURS[status] = maps.swatchColour(status, "#4a4a4a");
    });
    var legend = document.getElementById("report-map-legend");

    container.hidden = false;
    if (note) {
        note.hidden = false;
    }
    if (legend) {
        legend.hidden = false;
    }

    var map = L.map(container, {
        attributionControl: Boolean(config.tileUrl),
        zoomSnap: 0.5
    });
    maps.tiles(map, config);
    var boundaries = maps.neighborhoods(map, neighborhoods);
    var markers = L.layerGroup().addTo(map);

    // Start on the report asked for (?lat=&lng=, from a tracking page), else on the
    // neighborhoods (the city), else on the default box around MAP_CENTER.
    var bbox = config.bbox; // [west, south, east, north]
    var asked = new URLSearchParams(window.location.search);
    var askedLat = parseFloat(asked.get("lat"));
    var askedLng = parseFloat(asked.get("lng"));
    if (!isNaN(askedLat) && !isNaN(askedLng)) {
        map.setView([askedLat, askedLng], 17);
        L.circle([askedLat, askedLng], { radius: 25, color: "#b00020", fill: false }).addTo(map);
    } else {
        maps.showCity(map, boundaries, bbox, config.center);
    }
    // On a wide screen the whole view can be larger than the feed serves at once
    // (config.maxBox degrees a side): zoom in until it is not, keeping the centre, but
    // never so far that part of the city leaves the first view (the feed then serves
    // the middle of the view, which holds the city, and says so).
    function tooLarge() {
        var bounds = map.getBounds();
        return (
            bounds.getEast() - bounds.getWest() > config.maxBox ||
            bounds.getNorth() - bounds.getSouth() > config.maxBox
        );
    }
    var showingCity = isNaN(askedLat) || isNaN(askedLng);
    var cityZoom = boundaries && showingCity
        ? map.getBoundsZoom(boundaries.getBounds(), false, L.point(24, 24))
        : Infinity;
    for (var step = 0; step < 6 && tooLarge() && map.getZoom() + 0.5 <= cityZoom; step += 1) {
        map.setZoom(map.getZoom() + 0.5, { animate: false });
    }

    function format(template, value) {
        return template.replace("%s", value);
    }

    function formatDate(iso) {
        var date = new Date(iso);
        if (isNaN(date.getTime())) {
            return iso;
        }
        try {
            return date.toLocaleDateString(language, { year: "numeric", month: "long", day: "numeric" });
        } catch (error) {
            return date.toDateString();
        }
    }

    function element(tag, className, content) {
        var node = document.createElement(tag);
        if (className) {
            node.className = className;
        }
        if (content !== undefined && content !== null) {
            node.textContent = String(content);
        }
        return node;
    }

    function metaRow(dl, term, description) {
        var row = element("div");
        row.appendChild(element("dt", null, term));
        var dd = element("dd");
        if (description instanceof Node) {
            dd.appendChild(description);
        } else {
            dd.textContent = description;
        }
        row.appendChild(dd);
        dl.appendChild(row);
    }

    function listItem(properties) {
        var item = element("li", "report-item report-item--" + properties.status);
        var heading = element("h3", "report-item__title");
        var link = element("a", null, properties.category + " ");
        link.href = properties.url;
        link.appendChild(element("span", "report-item__reference", format(text.report, properties.reference)));
        heading.appendChild(link);
        item.appendChild(heading);

        var dl = element("dl", "report-item__meta");
        metaRow(dl, text.status, element("span", "status-badge status-badge--" + properties.status, properties.status_label));
        metaRow(dl, text.neighborhood, properties.neighborhood || text.noNeighborhood);
        var time = element("time", null, formatDate(properties.submitted));
        time.setAttribute("datetime", properties.submitted);
        metaRow(dl, text.submitted, time);
        metaRow(dl, text.supporters, String(properties.supporters));
        item.appendChild(dl);
        return item;
    }

    function popup(properties) {
        var box = element("div", "report-map__popup");
        var link = element("a", null, properties.category);
        link.href = properties.url;
        box.appendChild(link);
        box.appendChild(element("div", null, format(text.report, properties.reference)));
        box.appendChild(element("div", null, properties.status_label));
        box.appendChild(element("div", null, formatDate(properties.submitted)));
        return box;
    }

    // Whether the box the feed served ([west, south, east, north]) holds every
    // neighborhood: then nothing in the city was left out, and saying "only the middle
    // is shown" would only confuse.
    function holdsTheCity(box) {
        if (!boundaries || !box) {
            return false;
        }
        return L.latLngBounds([box[1], box[0]], [box[3], box[2]]).contains(boundaries.getBounds());
    }

    function show(collection) {
        var features = collection.features || [];
        markers.clearLayers();
        features.forEach(function (feature) {
            var coordinates = feature.geometry.coordinates;
            var colour = STATUS_COLOURS[feature.properties.status] || "#4a4a4a";
            L.circleMarker([coordinates[1], coordinates[0]], {
                radius: 7,
                color: "#ffffff",
                weight: 2,
                fillColor: colour,
                fillOpacity: 0.9
            })
                .bindPopup(popup(feature.properties))
                .addTo(markers);
        });

        list.replaceChildren();
        features.slice(0, config.listSize).forEach(function (feature) {
            list.appendChild(listItem(feature.properties));
        });

        var messages = [];
        if (!features.length) {
            messages.push(text.none);
        } else if (features.length === 1) {
            messages.push(text.one);
        } else {
            messages.push(format(text.many, collection.truncated ? features.length + "+" : features.length));
        }
        if (features.length > config.listSize) {
            messages.push(format(text.more, config.listSize));
        }
        if (collection.truncated) {
            messages.push(text.truncated);
        }
        if (collection.clamped && !holdsTheCity(collection.bbox)) {
            messages.push(text.clamped);
        }
        status.textContent = messages.join(" ");
    }

    var pending = null;
    var timer = null;

    function refresh() {
        var params = new URLSearchParams();
        params.set("bbox", map.getBounds().toBBoxString());
        Object.keys(config.filters || {}).forEach(function (name) {
            params.set(name, config.filters[name]);
        });
        if (pending) {
            pending.abort();
        }
        pending = typeof AbortController === "function" ? new AbortController() : null;
        container.setAttribute("aria-busy", "true");
        fetch(config.geojsonUrl + "?" + params.toString(), {
            headers: { Accept: "application/geo+json, application/json" },
            signal: pending ? pending.signal : undefined
        })
            .then(function (response) {
                if (!response.ok) {
                    throw new Error("HTTP " + response.status);
                }
                return response.json();
            })
            .then(function (collection) {
                container.removeAttribute("aria-busy");
                show(collection);
            })
            .catch(function (error) {
                if (error && error.name === "AbortError") {
                    return;
                }
                container.removeAttribute("aria-busy");
                status.textContent = text.error;
            });
    }

    map.on("moveend", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(refresh, 250);
    });
    refresh();
})();
