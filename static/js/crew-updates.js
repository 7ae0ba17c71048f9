/*
 * A crew member's status updates, kept on the phone until the city has them
 * (templates/reports/crews/report.html and today.html).
 *
 * Without this script the update form posts normally. With it, pressing "Send" stores the
 * update (its fields and the after-photo, as a Blob) in IndexedDB under the key the page
 * drew (client_key), says "saved on this phone", and tries to send it. Every stored
 * update is sent again when the phone comes back online, when a crew page loads, every
 * half minute while some wait, and on "Send now". An update is removed from the phone
 * only when the server answers that it has it ("received" or "already_received"), so an
 * update is never lost, and the server stores each key once, so it is never applied twice
 * (a copy sent twice, by two tabs or after a lost answer, is answered "already received").
 *
 * An answer refusing the update (not your crew's report, report closed, a bad field) is
 * shown beside the update, which stays until the crew member removes it.
 */
(function () {
    "use strict";

    var DB_NAME = "engage-crew-updates";
    var STORE = "updates";
    var RETRY_MS = 30000;

    var textElement = document.getElementById("crew-outbox-text");
    var outbox = document.getElementById("crew-outbox");
    if (!textElement || !outbox || !window.indexedDB || !window.fetch || !window.FormData) {
        return; // the form posts normally
    }
    var text = JSON.parse(textElement.textContent);
    var list = document.getElementById("crew-outbox-list");
    var status = document.getElementById("crew-outbox-status");
    var sendButton = document.getElementById("crew-outbox-send");
    var form = document.getElementById("crew-update-form");
    var flushing = null;
    var flushAgain = false;
    var retryTimer = null;

    // --- Storage --------------------------------------------------------------------------

    function openDb() {
        return new Promise(function (resolve, reject) {
            var request = window.indexedDB.open(DB_NAME, 1);
            request.onupgradeneeded = function () {
                request.result.createObjectStore(STORE, { keyPath: "clientKey" });
            };
            request.onsuccess = function () {
                resolve(request.result);
            };
            request.onerror = function () {
                reject(request.error);
            };
        });
    }

    function withStore(mode, action) {
        return openDb().then(function (db) {
            return new Promise(function (resolve, reject) {
                var transaction = db.transaction(STORE, mode);
                var result = action(transaction.objectStore(STORE));
                transaction.oncomplete = function () {
                    db.close();
                    resolve(result && "result" in result ? result.result : undefined);
                };
                transaction.onerror = transaction.onabort = function () {
                    db.close();
                    reject(transaction.error);
                };
            });
        });
    }

    function allUpdates() {
        return withStore("readonly", function (store) {
            return store.getAll();
        }).then(function (updates) {
            return (updates || []).sort(function (a, b) {
                return a.savedAt < b.savedAt ? -1 : 1;
            });
        });
    }

    function putUpdate(update) {
        return withStore("readwrite", function (store) {
            store.put(update);
        });
    }

    function forget(clientKey) {
        return withStore("readwrite", function (store) {
            store.delete(clientKey);
        });
    }

    // --- What the crew member sees --------------------------------------------------------

    function say(message) {
        status.textContent = message;
    }

    function render(updates) {
        outbox.hidden = updates.length === 0 && !status.textContent;
        sendButton.hidden = updates.length === 0;
        list.textContent = "";
        updates.forEach(function (update) {
            var item = document.createElement("li");
            item.className = "crew-outbox__item";
            item.setAttribute("data-client-key", update.clientKey);
            var title = document.createElement("strong");
            title.textContent = update.title;
            item.appendChild(title);
            var when = document.createElement("span");
            when.textContent = " — " + text.savedAt.replace("%s", new Date(update.savedAt).toLocaleTimeString());
            item.appendChild(when);
            if (update.error) {
                var problem = document.createElement("p");
                problem.className = "crew-outbox__error";
                problem.textContent = text.notSent + " " + update.error;
                item.appendChild(problem);
                var remove = document.createElement("button");
                remove.type = "button";
                remove.className = "usa-button usa-button--unstyled";
                remove.textContent = text.remove;
                remove.addEventListener("click", function () {
                    forget(update.clientKey).then(refresh);
                });
                item.appendChild(remove);
            }
            list.appendChild(item);
        });
        if (updates.length && retryTimer === null) {
            retryTimer = window.setInterval(flush, RETRY_MS);
        } else if (!updates.length && retryTimer !== null) {
            window.clearInterval(retryTimer);
            retryTimer = null;
        }
    }

    function refresh() {
        return allUpdates().then(render);
    }

    // --- Sending --------------------------------------------------------------------------

    function csrfToken() {
        var field = document.querySelector("input[name=csrfmiddlewaretoken]");
        return field ? field.value : "";
    }

    function send(update) {
        var body = new FormData();
        Object.keys(update.fields).forEach(function (name) {
            body.append(name, update.fields[name]);
        });
        body.set("client_key", update.clientKey);
        if (update.photo) {
            body.append("photo", update.photo, update.photoName || "photo.jpg");
        }
        return window
            .fetch(update.url, {
                method: "POST",
                body: body,
                credentials: "same-origin",
                headers: { Accept: "application/json", "X-CSRFToken": csrfToken() }
            })
            .then(function (response) {
                var isJson = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
                if (!isJson) {
                    // A login page or a CSRF refusal: keep it for after logging in again.
                    return { result: "login", message: text.loginAgain };
                }
                return response.json();
            });
    }

    function flushOnce() {
        return allUpdates().then(function (updates) {
            var sent = 0;
            var chain = Promise.resolve(true);
            updates.forEach(function (update) {
                chain = chain.then(function (online) {
                    if (!online) {
                        return false;
                    }
                    return send(update).then(
                        function (answer) {
                            if (answer.result === "received" || answer.result === "already_received") {
                                sent += 1;
                                say(answer.message);
                                return forget(update.clientKey).then(function () {
                                    return true;
                                });
                            }
                            update.error = answer.message;
                            return putUpdate(update).then(function () {
                                return answer.result !== "login";
                            });
                        },
                        function () {
                            // No connection (or it dropped while sending): try again later.
                            say(text.offline);
                            return false;
                        }
                    );
                });
            });
            return chain.then(function () {
                return sent;
            });
        });
    }

    function flush() {
        if (flushing) {
            flushAgain = true;
            return flushing;
        }
        flushing = flushOnce()
            .catch(function () {
                say(text.storageError);
            })
            .then(function () {
                flushing = null;
                if (flushAgain) {
                    flushAgain = false;
                    return flush();
                }
                return refresh();
            });
        return flushing;
    }

    // --- The form -------------------------------------------------------------------------

    function newKey() {
        if (window.crypto && window.crypto.randomUUID) {
            return window.crypto.randomUUID().replace(/-/g, "");
        }
        var bytes = new Uint8Array(16);
        window.crypto.getRandomValues(bytes);
        return Array.prototype.map
            .call(bytes, function (b) {
                return ("0" + b.toString(16)).slice(-2);
            })
            .join("");
    }

    if (form) {
        form.addEventListener("submit", function (event) {
            event.preventDefault();
            var data = new FormData(form);
            var fields = {};
            var photo = null;
            var photoName = "";
            data.forEach(function (value, name) {
                if (name === "csrfmiddlewaretoken") {
                    return;
                }
                if (value instanceof window.File) {
                    if (value.size) {
                        photo = value;
                        photoName = value.name;
                    }
                    return;
                }
                fields[name] = value;
            });
            fields.made_at = new Date().toISOString();
            var keyField = form.querySelector("input[name=client_key]");
            var update = {
                clientKey: keyField.value,
                url: form.action,
                title: form.getAttribute("data-title"),
                fields: fields,
                photo: photo,
                photoName: photoName,
                savedAt: new Date().toISOString(),
                error: ""
            };
            putUpdate(update)
                .then(function () {
                    form.reset();
                    // The next update on this page is another one, with its own key.
                    keyField.value = newKey();
                    say(text.saved);
                    return refresh();
                })
                .then(flush)
                .catch(function () {
                    // The phone cannot store it: post the form the ordinary way.
                    form.submit();
                });
        });
    }

    window.addEventListener("online", flush);
    window.addEventListener("offline", function () {
        say(text.offline);
    });
    sendButton.addEventListener("click", flush);
    refresh().then(flush);
})();
