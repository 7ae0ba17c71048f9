/*
 * USWDS's file input (usa-file-input, drag and drop with previews) in the page's language.
 *
 * uswds.min.js writes the component's words itself, in English only ("Drag files here or
 * choose from folder", "No files selected.", "Change file"…), when it builds the component
 * and again whenever a file is chosen or the pointer changes; USWDS 3 reads no attribute for
 * them except the invalid-type message (data-errormessage). So, without forking USWDS, this
 * watches each file input that carries its translated words (data-file-input-texts, a JSON
 * object written by the usa_widget filter) and replaces USWDS's English words with them as
 * soon as USWDS writes them: before the browser paints or a screen reader reads the change.
 * Loaded with defer, it runs before USWDS builds the component (on DOMContentLoaded).
 * Without JavaScript, the browser's own file input shows, in the browser's language.
 */
(function () {
    "use strict";

    // "%(name)s" placeholders, as in the translated strings (Python's format).
    function fill(text, values) {
        return text.replace(/%\((\w+)\)s/g, function (whole, key) {
            return key in values ? values[key] : whole;
        });
    }

    // What USWDS writes as a whole text node, and its translation.
    function textRules(words) {
        return [
            [/^Drag files? here or$/, function () { return words.drag; }],
            [/^choose from folder$/, function () { return words.choose; }],
            [/^Choose from folder$/, function () { return words.chooseAlone; }],
            [/^No files? selected\.$/, function () { return words.none; }],
            [/^You have selected the file: ([\s\S]*)$/, function (m) {
                return fill(words.selectedOne, {name: m[1]});
            }],
            [/^You have selected (\d+) files: ([\s\S]*)$/, function (m) {
                return fill(words.selectedMany, {count: m[1], names: m[2]});
            }],
            [/^Selected file(\s*)$/, function (m) { return words.headingOne + m[1]; }],
            [/^(\d+) files selected(\s*)$/, function (m) {
                return fill(words.headingMany, {count: m[1]}) + m[2];
            }],
            [/^Change file$/, function () { return words.changeOne; }],
            [/^Change files$/, function () { return words.changeMany; }]
        ];
    }

    // USWDS's aria-label on the input joins its phrases ("<error> Drag… choose from folder").
    function translateLabel(label, words) {
        return label
            .replace(/Drag files? here or/, words.drag)
            .replace("choose from folder", words.choose)
            .replace("Choose from folder", words.chooseAlone)
            .replace(/^Change files$/, words.changeMany)
            .replace(/^Change file$/, words.changeOne);
    }

    function translateText(node, rules) {
        var text = node.nodeValue;
        for (var i = 0; i < rules.length; i += 1) {
            var match = rules[i][0].exec(text);
            if (match) {
                var translated = rules[i][1](match);
                if (translated && translated !== text) {
                    node.nodeValue = translated;
                }
                return;
            }
        }
    }

    function translate(root, input, words, rules) {
        var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        var node = walker.nextNode();
        while (node) {
            if (node.parentNode !== input) {
                translateText(node, rules);
            }
            node = walker.nextNode();
        }
        var label = input.getAttribute("aria-label");
        if (label) {
            var translated = translateLabel(label, words);
            if (translated !== label) {
                input.setAttribute("aria-label", translated);
            }
        }
    }

    document.querySelectorAll("input[type=file][data-file-input-texts]").forEach(function (input) {
        var words;
        try {
            words = JSON.parse(input.dataset.fileInputTexts);
        } catch (error) {
            return;
        }
        var rules = textRules(words);
        // USWDS builds the component inside the input's parent: watch all of it.
        var root = input.closest(".usa-form-group") || input.parentElement;
        var observer = new MutationObserver(function () {
            // Only a text that changes is written again, and a translated text matches no
            // rule (an English one is left as it is): this never loops.
            translate(root, input, words, rules);
        });
        observer.observe(root, {
            childList: true,
            subtree: true,
            characterData: true,
            attributes: true,
            attributeFilter: ["aria-label"]
        });
        translate(root, input, words, rules);
    });
}());
