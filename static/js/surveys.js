/*
 * Surveys: display conditions live in the browser (templates/surveys/includes/item.html).
 *
 * A question with data-condition-target / data-condition-option is shown only while the
 * named earlier question on the same page has that option chosen, and while that earlier
 * question is itself shown. The server checks the same rules when the page is sent, so
 * without JavaScript the question simply appears (or not) on the next step.
 */
(function () {
    "use strict";

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

    function update() {
        // In page order, so a question that depends on a hidden one is hidden too.
        dependents.forEach(function (question) {
            var shown = chosen(question.dataset.conditionTarget, question.dataset.conditionOption);
            if (shown !== null) {
                question.hidden = !shown;
            }
        });
    }

    form.addEventListener("change", update);
    update();
})();
