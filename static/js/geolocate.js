/*
 * "Use my location" on the report form (templates/reports/includes/filing_report_fields.html):
 * fills the latitude and longitude fields from the browser. Without JavaScript, or without
 * geolocation, the button stays hidden and the fields still work. Its messages are the
 * translated data-geolocate-* attributes of the box.
 */
(function () {
    "use strict";

    var box = document.querySelector("[data-geolocate]");
    var lat = document.getElementById("id_lat");
    var lng = document.getElementById("id_lng");
    if (!box || !lat || !lng || !("geolocation" in navigator)) {
        return;
    }
    var button = box.querySelector("[data-geolocate-button]");
    var status = box.querySelector("[data-geolocate-status]");
    var messages = {
        looking: box.dataset.geolocateLooking,
        found: box.dataset.geolocateFound,
        denied: box.dataset.geolocateDenied
    };
    box.hidden = false;
    button.addEventListener("click", function () {
        button.disabled = true;
        status.textContent = messages.looking;
        navigator.geolocation.getCurrentPosition(
            function (position) {
                lat.value = position.coords.latitude.toFixed(6);
                lng.value = position.coords.longitude.toFixed(6);
                // Let the map picker, if there is one, move its marker.
                lng.dispatchEvent(new Event("change"));
                status.textContent = messages.found;
                button.disabled = false;
            },
            function () {
                status.textContent = messages.denied;
                button.disabled = false;
            },
            { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
        );
    });
})();
