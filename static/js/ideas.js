/*
 * Ideas: progressive enhancement for the idea pages (templates/ideas/).
 *
 * Without JavaScript every form here posts and the page comes back with a message. With
 * it:
 *  - on the idea form, similar ideas are looked up while the title is typed and shown in
 *    the live region #similar-ideas;
 *  - the vote and follow forms are sent with fetch; the count, the button and a polite
 *    status line change in place, without a reload;
 *  - a flag form sent back with an error puts the focus on the field to correct.
 * Every word shown comes from the page (data-* attributes) or from the server's answer,
 * so it is already translated.
 */
(function () {
    "use strict";

    // Similar ideas while the title is typed -------------------------------------------

    function similarHint() {
        var form = document.getElementById("idea-form");
        var region = document.getElementById("similar-ideas");
        var title = form && form.querySelector("input[name=title]");
        if (!form || !region || !title || !window.fetch) {
            return;
        }
        var timer = null;
        var lastQuery = null;
        var controller = null;

        function lookUp() {
            var text = title.value.trim();
            var params = new URLSearchParams({ title: text });
            if (form.dataset.campaign) {
                params.set("campaign", form.dataset.campaign);
            }
            if (form.dataset.exclude) {
                params.set("exclude", form.dataset.exclude);
            }
            var query = params.toString();
            if (query === lastQuery) {
                return;
            }
            lastQuery = query;
            if (controller) {
                controller.abort();
            }
            controller = window.AbortController ? new AbortController() : null;
            fetch(form.dataset.similarUrl + "?" + query, {
                headers: { "X-Requested-With": "XMLHttpRequest" },
                credentials: "same-origin",
                signal: controller ? controller.signal : undefined
            })
                .then(function (response) {
                    return response.ok ? response.text() : null;
                })
                .then(function (html) {
                    // Replace only on a change, so screen readers hear news, not repeats.
                    if (html !== null && html.trim() !== region.innerHTML.trim()) {
                        region.innerHTML = html;
                    }
                })
                .catch(function () {
                    /* An aborted or failed look-up leaves the hint as it was. */
                });
        }

        title.addEventListener("input", function () {
            window.clearTimeout(timer);
            if (title.value.trim().length < 4) {
                return;
            }
            timer = window.setTimeout(lookUp, 400);
        });
    }

    // Vote and follow without a reload ---------------------------------------------------

    function send(form) {
        // form.action would be the input named "action", not the attribute.
        return fetch(form.getAttribute("action"), {
            method: "POST",
            body: new FormData(form),
            headers: { "Accept": "application/json", "X-Requested-With": "XMLHttpRequest" },
            credentials: "same-origin"
        }).then(function (response) {
            return response
                .json()
                .catch(function () {
                    return null;
                })
                .then(function (data) {
                    return { ok: response.ok, status: response.status, data: data };
                });
        });
    }

    function say(element, text) {
        if (!element) {
            return;
        }
        // Empty first: the same sentence twice in a row is still announced.
        element.textContent = "";
        window.setTimeout(function () {
            element.textContent = text;
        }, 50);
    }

    function enhanceVote(form) {
        var box = form.closest("[data-idea-vote-box]") || document;
        var button = form.querySelector("[data-vote-button]");
        var action = form.querySelector("input[name=action]");
        var followBox = form.querySelector("[data-vote-follow]");
        var followCheckbox = followBox && followBox.querySelector("input");
        var status = box.querySelector("[data-vote-status]");

        function show(data) {
            var count = box.querySelector(".vote-count");
            var label = box.querySelector(".vote-count-label");
            var mine = box.querySelector("[data-vote-mine]");
            var left = box.querySelector("[data-votes-left]");
            var refusal = box.querySelector("[data-vote-refusal]");
            if (count && typeof data.vote_count === "number") {
                count.textContent = String(data.vote_count);
            }
            if (label && data.vote_count_label) {
                label.textContent = data.vote_count_label;
            }
            if (mine) {
                mine.hidden = !data.voted;
            }
            if (left && data.votes_left !== null && data.votes_left !== undefined) {
                left.textContent = String(data.votes_left);
            }
            action.value = data.voted ? "unvote" : "vote";
            button.textContent = data.voted ? form.dataset.labelUnvote : form.dataset.labelVote;
            if (followBox) {
                followBox.hidden = Boolean(data.voted || data.following);
                if (followCheckbox) {
                    followCheckbox.checked = false;
                }
            }
            if (refusal) {
                refusal.textContent = data.refusal || "";
                refusal.hidden = !data.refusal;
            }
            form.hidden = Boolean(data.refusal);
            syncFollow(data.following);
        }

        form.addEventListener("submit", function (event) {
            event.preventDefault();
            button.disabled = true;
            send(form)
                .then(function (result) {
                    if (result.status === 401 && result.data && result.data.login_url) {
                        window.location.href = result.data.login_url;
                        return;
                    }
                    if (!result.data) {
                        form.submit();
                        return;
                    }
                    show(result.data);
                    say(status, result.data.message);
                })
                .catch(function () {
                    // No answer at all: fall back to the ordinary form post.
                    form.submit();
                })
                .then(function () {
                    button.disabled = false;
                });
        });
    }

    function syncFollow(following) {
        if (typeof following !== "boolean") {
            return;
        }
        document.querySelectorAll("form[data-idea-follow]").forEach(function (form) {
            form.querySelector("input[name=action]").value = following ? "unfollow" : "follow";
            form.querySelector("[data-follow-button]").textContent = following
                ? form.dataset.labelUnfollow
                : form.dataset.labelFollow;
        });
    }

    function enhanceFollow(form) {
        var button = form.querySelector("[data-follow-button]");
        var status = form.querySelector("[data-follow-status]");
        form.addEventListener("submit", function (event) {
            event.preventDefault();
            button.disabled = true;
            send(form)
                .then(function (result) {
                    if (result.status === 401 && result.data && result.data.login_url) {
                        window.location.href = result.data.login_url;
                        return;
                    }
                    if (!result.data) {
                        form.submit();
                        return;
                    }
                    syncFollow(result.data.following);
                    var followBox = document.querySelector("[data-vote-follow]");
                    var mine = document.querySelector("[data-vote-mine]");
                    if (followBox) {
                        followBox.hidden = Boolean(result.data.following || (mine && !mine.hidden));
                    }
                    say(status, result.data.message);
                })
                .catch(function () {
                    form.submit();
                })
                .then(function () {
                    button.disabled = false;
                });
        });
    }

    // A flag sent back with an error --------------------------------------------------

    // The form's action ends with its anchor, so the page opens at the form (the error
    // above the field in view); browsers do not honour `autofocus` on a page opened at an
    // anchor, so the field to correct is given the focus here (its error is read with it,
    // through aria-describedby).
    function focusFlagError() {
        var field = document.querySelector(".idea-flag[open] [aria-invalid=true]");
        if (!field) {
            return;
        }
        // After the load: Chromium moves the focus away when it scrolls to the anchor.
        window.addEventListener("load", function () {
            window.setTimeout(function () {
                field.focus({ preventScroll: true });
            }, 0);
        });
    }

    similarHint();
    focusFlagError();
    if (window.fetch && window.FormData) {
        document.querySelectorAll("form[data-idea-vote]").forEach(enhanceVote);
        document.querySelectorAll("form[data-idea-follow]").forEach(enhanceFollow);
    }
})();
