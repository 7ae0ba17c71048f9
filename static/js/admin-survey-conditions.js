/*
 * Survey editor (Wagtail admin): a question's display condition is chosen from lists, not
 * typed. Each condition has two stored inputs (surveys/blocks.py, ConditionInput):
 * "question" holds the earlier question's block id, "answer" the option's item id. This
 * script hides them behind two <select>s filled from the editor as it stands: the
 * single- and multiple-choice questions above this one ("Question 2: Do you use the
 * park?") and the chosen question's options. The lists are rebuilt whenever a select is
 * about to be used and after every change in the editor, so they follow new questions,
 * new wording and moves; the ids they store do not change when questions move.
 */
(function () {
    "use strict";

    var CHOICE_KINDS = ["single_choice", "multiple_choice"];
    var QUESTION_KINDS = CHOICE_KINDS.concat([
        "short_text", "long_text", "rating", "number", "date", "ranking", "matrix"
    ]);
    var CONDITION_NAME = /^(.+)-(\d+)-value-condition-(question|answer)$/;
    // Replaced by the translated texts the inputs carry (data-survey-condition-messages).
    var MESSAGES = {
        always: "—",
        question: "Question %n: %s",
        missing: "(no longer an earlier choice question: choose again)",
        missingOption: "(no longer one of its options: choose again)",
        chooseQuestionFirst: "(choose a question first)"
    };

    function field(name) {
        return document.getElementsByName(name)[0] || null;
    }

    function valueOf(name) {
        var element = field(name);
        return element ? element.value : "";
    }

    function isDeleted(prefix) {
        return valueOf(prefix + "-deleted") === "1";
    }

    function ordered(prefixes) {
        return prefixes
            .filter(function (prefix) { return !isDeleted(prefix); })
            .sort(function (a, b) {
                return Number(valueOf(a + "-order")) - Number(valueOf(b + "-order"));
            });
    }

    function childPrefixes(prefix, suffix) {
        // The children of a stream or list named "<prefix>-<n>…", from their "<suffix>" inputs.
        var pattern = new RegExp("^" + prefix.replace(/[-[\]{}()*+?.,\\^$|#]/g, "\\$&") +
            "-(\\d+)-" + suffix + "$");
        var found = [];
        document.querySelectorAll('input[name^="' + prefix + '-"]').forEach(function (input) {
            var match = input.name.match(pattern);
            if (match) {
                found.push(prefix + "-" + match[1]);
            }
        });
        return ordered(found);
    }

    /* The questions of the stream named ``streamPrefix``, numbered as the survey numbers them. */
    function questions(streamPrefix) {
        var number = 0;
        return childPrefixes(streamPrefix, "type")
            .map(function (prefix) {
                var kind = valueOf(prefix + "-type");
                if (QUESTION_KINDS.indexOf(kind) === -1) {
                    return null;
                }
                number += 1;
                return {
                    prefix: prefix,
                    id: valueOf(prefix + "-id"),
                    kind: kind,
                    number: number,
                    label: valueOf(prefix + "-value-label"),
                    options: CHOICE_KINDS.indexOf(kind) === -1 ? [] : childPrefixes(
                        prefix + "-value-options", "value"
                    ).map(function (option) {
                        return { id: valueOf(option + "-id"), label: valueOf(option + "-value") };
                    })
                };
            })
            .filter(Boolean);
    }

    function fill(select, entries, stored, missingText) {
        select.textContent = "";
        var found = false;
        entries.forEach(function (entry) {
            var option = new Option(entry.text, entry.value);
            if (entry.value === stored) {
                option.selected = true;
                found = true;
            }
            select.add(option);
        });
        if (stored && !found) {
            // Keep what is stored (the server lists it as a problem) rather than drop it.
            var kept = new Option(missingText, stored);
            kept.selected = true;
            select.add(kept);
        }
    }

    function targetOf(parts, all) {
        var stored = valueOf(parts.block + "-value-condition-question");
        return all.filter(function (q) {
            return q.id === stored || (/^\d+$/.test(stored) && String(q.number) === stored);
        })[0] || null;
    }

    function refresh(input) {
        var match = input.name.match(CONDITION_NAME);
        var select = input.conditionSelect;
        if (!match || !select) {
            return;
        }
        var parts = { stream: match[1], block: match[1] + "-" + match[2], role: match[3] };
        var all = questions(parts.stream);
        var self = all.filter(function (q) { return q.prefix === parts.block; })[0];
        if (parts.role === "question") {
            var earlier = all.filter(function (q) {
                return self && q.number < self.number && CHOICE_KINDS.indexOf(q.kind) !== -1;
            });
            var entries = [{ value: "", text: MESSAGES.always }].concat(earlier.map(function (q) {
                return {
                    value: q.id,
                    text: MESSAGES.question.replace("%n", q.number).replace("%s", q.label)
                };
            }));
            fill(select, entries, input.value, MESSAGES.missing);
        } else {
            var target = targetOf(parts, all);
            var options = target ? target.options : [];
            var stored = input.value;
            // A condition saved the old way names the option by its text.
            options.forEach(function (option) {
                if (stored && option.label.trim().toLowerCase() === stored.trim().toLowerCase()) {
                    stored = option.id;
                }
            });
            fill(
                select,
                [{ value: "", text: target ? MESSAGES.always : MESSAGES.chooseQuestionFirst }]
                    .concat(options.map(function (option) {
                        return { value: option.id, text: option.label };
                    })),
                stored,
                MESSAGES.missingOption
            );
            select.disabled = !target;
        }
    }

    function refreshAll() {
        document.querySelectorAll("input[data-survey-condition]").forEach(refresh);
    }

    function enhance(input) {
        if (input.conditionSelect) {
            return;
        }
        if (input.hasAttribute("data-survey-condition-messages")) {
            Object.assign(MESSAGES, JSON.parse(input.getAttribute("data-survey-condition-messages")));
        }
        var select = document.createElement("select");
        select.id = input.id + "-choice";
        select.setAttribute("data-survey-condition-choice", input.getAttribute("data-survey-condition"));
        if (input.getAttribute("aria-describedby")) {
            select.setAttribute("aria-describedby", input.getAttribute("aria-describedby"));
        }
        var label = input.id && document.querySelector('label[for="' + input.id + '"]');
        if (label) {
            label.htmlFor = select.id;
        }
        input.conditionSelect = select;
        input.type = "hidden";
        input.insertAdjacentElement("afterend", select);
        select.addEventListener("mousedown", function () { refresh(input); });
        select.addEventListener("focus", function () { refresh(input); });
        select.addEventListener("change", function () {
            input.value = select.value;
            input.dispatchEvent(new Event("change", { bubbles: true }));
            if (input.getAttribute("data-survey-condition") === "question") {
                var answer = field(input.name.replace(/-question$/, "-answer"));
                if (answer) {
                    answer.value = "";
                }
            }
            refreshAll();
        });
        refresh(input);
    }

    function enhanceAll() {
        document.querySelectorAll("input[data-survey-condition]").forEach(enhance);
    }

    function start() {
        enhanceAll();
        var pending = false;
        new MutationObserver(function () {
            if (pending) {
                return;
            }
            pending = true;
            window.requestAnimationFrame(function () {
                pending = false;
                enhanceAll();
                refreshAll();
            });
        }).observe(document.body, { childList: true, subtree: true });
        // Labels and options typed elsewhere in the editor show up in the lists.
        document.addEventListener("change", function (event) {
            if (!event.target.hasAttribute || !event.target.hasAttribute("data-survey-condition")) {
                refreshAll();
            }
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
