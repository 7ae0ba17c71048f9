/*
 * Surveys (templates/surveys/survey_page.html and includes/item.html):
 *
 * - After a refused step, the focus moves to the error summary at the top of the page, so
 *   a screen reader reads what went wrong first (without JavaScript it is the first thing
 *   on the page anyway).
 * - Display conditions live in the browser: a question with data-condition-target /
 *   data-condition-option is shown only while the named earlier question on the same page
 *   has that option chosen, and while that earlier question is itself shown. The server
 *   checks the same rules when the page is sent, so without JavaScript the question
 *   simply appears (or not) on the next step.
 * - Question numbers count only the questions shown: when one appears or disappears, the
 *   questions of the page are numbered again from the form's data-first-number.
 */
(function () {
    "use strict";

    var summary = document.getElementById("survey-error-summary");
    if (summary) {
        summary.focus();
    }

    var form = document.getElementById("survey-form");
    if (!form) {
        return;
    }
    var dependents = form.querySelectorAll("[data-condition-target]");
    if (!dependents.length) {
        return;
    }

    function chosen(name, option) {
        var inputs = form.querySelectorAll("input[name='" + name + "']");
        if (!inputs.length) {
            return null; // the question is on another page: the server decided already
        }
        var wrapper = inputs[0].closest(".survey-question");
        if (wrapper && wrapper.hidden) {
            return false;
        }
        for (var i = 0; i < inputs.length; i++) {
            if (inputs[i].checked && inputs[i].value === option) {
                return true;
            }
        }
        return false;
    }

    function renumber() {
        var number = parseInt(form.dataset.firstNumber, 10);
        if (isNaN(number)) {
            return;
        }
        form.querySelectorAll(".survey-question").forEach(function (question) {
            var label = question.querySelector(".survey-question__number");
            if (!label) {
                return;
            }
            if (question.hidden) {
                label.textContent = "";
            } else {
                label.textContent = number + ".";
                number += 1;
            }
        });
    }

    function update() {
        // In page order, so a question that depends on a hidden one is hidden too.
        dependents.forEach(function (question) {
            var shown = chosen(question.dataset.conditionTarget, question.dataset.conditionOption);
            if (shown !== null) {
                question.hidden = !shown;
            }
        });
        renumber();
    }

    form.addEventListener("change", update);
    update();
})();
