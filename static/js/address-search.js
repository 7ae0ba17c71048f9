/*
 * Address search on the report and idea forms
 * (templates/neighborhoods/includes/address_search.html).
 *
 * Progressive enhancement: without JavaScript the address is a text field, looked up when
 * the form is sent. With it, the field becomes a combobox (the ARIA 1.2 list-autocomplete
 * pattern): typing asks /places/suggest.json, the suggestions are a listbox (Up and Down
 * move, Enter chooses, Escape closes; the number found is announced); choosing one sets
 * the latitude and longitude (the map moves its pin: static/js/location-picker.js listens
 * to their "change"), chooses the neighborhood in the form's neighborhood list if it has
 * one, and says which neighborhood it is. A click on the map ("location-picked") asks
 * /places/reverse.json and fills in the nearest known address, unless the person typed
 * something of their own there.
 */
(function () {
    "use strict";

    var box = document.querySelector("[data-address-search]");
    if (!box || typeof window.fetch !== "function") {
        return;
    }
    var input = box.querySelector("input[type=text], input:not([type])");
    var list = box.querySelector("[role=listbox]");
    var status = box.querySelector("[data-address-status]");
    var neighborhoodNote = box.querySelector("[data-address-neighborhood]");
    var latInput = document.querySelector("input[name=lat]");
    var lngInput = document.querySelector("input[name=lng]");
    if (!input || !list || !status || !latInput || !lngInput) {
        return;
    }
    var select = box.dataset.neighborhoodSelect
        ? document.getElementById(box.dataset.neighborhoodSelect)
        : null;
    var text = {
        none: box.dataset.textNone,
        error: box.dataset.textError,
        chosen: box.dataset.textChosen,
        neighborhood: box.dataset.textNeighborhood,
        noNeighborhood: box.dataset.textNoNeighborhood,
        filled: box.dataset.textFilled,
        notFilled: box.dataset.textNotFilled
    };

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("autocomplete", "off");

    var results = [];
    var active = -1;
    var pending = null;
    var timer = null;
    // What the field holds when the script put it there (a suggestion chosen, the
    // address nearest a click): only then may a click on the map replace it.
    var filledIn = null;
    var pointFromSuggestion = false;

    function format(template, value) {
        return (template || "%s").replace("%s", value);
    }

    function announce(message) {
        status.textContent = message;
    }

    function close() {
        list.hidden = true;
        input.setAttribute("aria-expanded", "false");
        input.removeAttribute("aria-activedescendant");
        active = -1;
    }

    function highlight(index) {
        var options = list.querySelectorAll("[role=option]");
        options.forEach(function (option, i) {
            option.setAttribute("aria-selected", i === index ? "true" : "false");
        });
        active = index;
        if (index >= 0 && options[index]) {
            input.setAttribute("aria-activedescendant", options[index].id);
            options[index].scrollIntoView({ block: "nearest" });
        } else {
            input.removeAttribute("aria-activedescendant");
        }
    }

    function render(found, message) {
        results = found;
        list.replaceChildren();
        found.forEach(function (place, index) {
            var option = document.createElement("li");
            option.id = list.id + "-" + index;
            option.setAttribute("role", "option");
            option.setAttribute("aria-selected", "false");
            option.textContent = place.label;
            if (place.neighborhood) {
                var hint = document.createElement("span");
                hint.className = "address-search__hint";
                hint.textContent = place.neighborhood.name;
                option.appendChild(hint);
            }
            // mousedown, not click: the choice must happen before the input loses focus.
            option.addEventListener("mousedown", function (event) {
                event.preventDefault();
                choose(index);
            });
            list.appendChild(option);
        });
        active = -1;
        input.removeAttribute("aria-activedescendant");
        if (found.length) {
            list.hidden = false;
            input.setAttribute("aria-expanded", "true");
        } else {
            close();
        }
        announce(found.length ? message : text.none);
    }

    function showNeighborhood(neighborhood) {
        if (!neighborhoodNote) {
            return;
        }
        neighborhoodNote.hidden = false;
        neighborhoodNote.textContent = format(
            text.neighborhood,
            neighborhood ? neighborhood.name : text.noNeighborhood
        );
        if (select && neighborhood) {
            var option = select.querySelector('option[value="' + String(neighborhood.id) + '"]');
            if (option) {
                select.value = String(neighborhood.id);
                select.dispatchEvent(new Event("change", { bubbles: true }));
            }
        }
    }

    function setPoint(lat, lng) {
        latInput.value = Number(lat).toFixed(6);
        lngInput.value = Number(lng).toFixed(6);
        // The map picker follows the fields' "change" (as for "Use my location").
        lngInput.dispatchEvent(new Event("change"));
    }

    function choose(index) {
        var place = results[index];
        if (!place) {
            return;
        }
        input.value = place.label;
        filledIn = place.label;
        pointFromSuggestion = true;
        setPoint(place.lat, place.lng);
        showNeighborhood(place.neighborhood);
        close();
        announce(format(text.chosen, place.label));
    }

    function ask(url) {
        if (pending) {
            pending.abort();
        }
        pending = typeof AbortController === "function" ? new AbortController() : null;
        return fetch(url, {
            headers: { Accept: "application/json" },
            signal: pending ? pending.signal : undefined
        }).then(function (response) {
            if (!response.ok) {
                throw new Error("HTTP " + response.status);
            }
            return response.json();
        });
    }

    function suggest() {
        var query = input.value.trim();
        if (query.length < 2) {
            render([], "");
            announce("");
            return;
        }
        ask(box.dataset.suggestUrl + "?q=" + encodeURIComponent(query))
            .then(function (answer) {
                render(answer.results || [], answer.message);
            })
            .catch(function (error) {
                if (error && error.name === "AbortError") {
                    return;
                }
                close();
                announce(text.error);
            });
    }

    input.addEventListener("input", function () {
        if (pointFromSuggestion && input.value !== filledIn) {
            // The point was the chosen address's; what is typed now is another place.
            latInput.value = "";
            lngInput.value = "";
            pointFromSuggestion = false;
            if (neighborhoodNote) {
                neighborhoodNote.hidden = true;
            }
        }
        window.clearTimeout(timer);
        timer = window.setTimeout(suggest, 200);
    });

    input.addEventListener("keydown", function (event) {
        var open = !list.hidden && results.length > 0;
        if (event.key === "ArrowDown") {
            event.preventDefault();
            if (!open && results.length) {
                list.hidden = false;
                input.setAttribute("aria-expanded", "true");
            }
            if (results.length) {
                highlight(active + 1 >= results.length ? 0 : active + 1);
            }
        } else if (event.key === "ArrowUp") {
            event.preventDefault();
            if (open) {
                highlight(active <= 0 ? results.length - 1 : active - 1);
            }
        } else if (event.key === "Enter") {
            if (open && active >= 0) {
                // Choosing a suggestion, not sending the form.
                event.preventDefault();
                choose(active);
            }
        } else if (event.key === "Escape") {
            if (open) {
                event.preventDefault();
                close();
            }
        }
    });

    input.addEventListener("blur", function () {
        window.setTimeout(close, 150);
    });

    document.addEventListener("location-picked", function (event) {
        var point = event.detail;
        pointFromSuggestion = false;
        var params = "?lat=" + encodeURIComponent(point.lat.toFixed(6)) + "&lng=" + encodeURIComponent(point.lng.toFixed(6));
        ask(box.dataset.reverseUrl + params)
            .then(function (answer) {
                showNeighborhood(answer.neighborhood);
                var mine = input.value.trim() && input.value !== filledIn;
                if (answer.result && !mine) {
                    input.value = answer.result.label;
                    filledIn = answer.result.label;
                    announce(format(text.filled, answer.result.label));
                } else if (!answer.result) {
                    announce(text.notFilled);
                }
            })
            .catch(function (error) {
                if (error && error.name !== "AbortError") {
                    announce(text.error);
                }
            });
    });
})();
