/* The header search box's suggestions: the WAI-ARIA combobox pattern (list autocomplete).
 * Arrow keys move through the options, Enter opens the chosen one (or searches when none
 * is chosen), Escape closes the list; the input keeps focus throughout. */
(function () {
    "use strict";

    function init(input) {
        var list = document.getElementById(input.getAttribute("aria-controls"));
        var status = document.getElementById(input.getAttribute("data-autocomplete-status"));
        var url = input.getAttribute("data-autocomplete-url");
        var kinds = {
            page: input.getAttribute("data-label-page"),
            person: input.getAttribute("data-label-person"),
            tag: input.getAttribute("data-label-tag")
        };
        var items = [];
        var active = -1;
        var timer = null;
        var controller = null;
        var asked = "";

        function close() {
            list.hidden = true;
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
            active = -1;
        }

        function open() {
            if (!items.length) { return; }
            list.hidden = false;
            input.setAttribute("aria-expanded", "true");
        }

        function mark(index) {
            var options = list.querySelectorAll("[role=option]");
            active = index;
            options.forEach(function (option, i) {
                option.setAttribute("aria-selected", i === index ? "true" : "false");
            });
            if (index >= 0 && options[index]) {
                input.setAttribute("aria-activedescendant", options[index].id);
                options[index].scrollIntoView({ block: "nearest" });
            } else {
                input.removeAttribute("aria-activedescendant");
            }
        }

        function choose(index) {
            var item = items[index];
            if (item && item.url) { window.location.assign(item.url); }
        }

        function render(found) {
            items = found;
            active = -1;
            list.textContent = "";
            found.forEach(function (item, index) {
                var option = document.createElement("li");
                option.id = list.id + "-" + index;
                option.setAttribute("role", "option");
                option.setAttribute("aria-selected", "false");
                option.setAttribute("data-testid", "autocomplete-option");
                option.className = "autocomplete__option";
                var label = document.createElement("span");
                label.className = "autocomplete__label";
                label.textContent = item.label;
                var kind = document.createElement("span");
                kind.className = "autocomplete__kind";
                kind.textContent = kinds[item.kind] || "";
                option.appendChild(label);
                option.appendChild(kind);
                if (item.detail) {
                    var detail = document.createElement("span");
                    detail.className = "autocomplete__detail";
                    detail.textContent = item.detail;
                    option.appendChild(detail);
                }
                // Keep focus in the input when an option is pressed (mouse or touch).
                option.addEventListener("mousedown", function (event) { event.preventDefault(); });
                option.addEventListener("click", function () { choose(index); });
                list.appendChild(option);
            });
            input.removeAttribute("aria-activedescendant");
            if (found.length) { open(); } else { close(); }
            status.textContent = found.length
                ? input.getAttribute("data-label-count").replace("%s", String(found.length))
                : "";
        }

        function ask() {
            var text = input.value.trim();
            if (text === asked) { return; }
            asked = text;
            if (text.length < 2) { render([]); return; }
            if (controller) { controller.abort(); }
            controller = new AbortController();
            fetch(url + "?q=" + encodeURIComponent(text), {
                headers: { "Accept": "application/json" },
                credentials: "same-origin",
                signal: controller.signal
            })
                // A 503 (the search engine is down) carries a message: read it out.
                .then(function (response) { return response.json().catch(function () { return { items: [] }; }); })
                .then(function (data) {
                    if (input.value.trim() !== text) { return; }
                    render(data.items || []);
                    if (data.message) { status.textContent = data.message; }
                })
                .catch(function () { /* aborted or offline: keep the plain search box */ });
        }

        input.addEventListener("input", function () {
            clearTimeout(timer);
            timer = setTimeout(ask, 150);
        });
        input.addEventListener("keydown", function (event) {
            var expanded = input.getAttribute("aria-expanded") === "true";
            if (event.key === "ArrowDown") {
                event.preventDefault();
                if (!expanded) { open(); }
                if (items.length) { mark(active + 1 >= items.length ? 0 : active + 1); }
            } else if (event.key === "ArrowUp") {
                event.preventDefault();
                if (!expanded) { open(); }
                if (items.length) { mark(active <= 0 ? items.length - 1 : active - 1); }
            } else if (event.key === "Enter") {
                if (expanded && active >= 0) {
                    event.preventDefault();
                    choose(active);
                }
            } else if (event.key === "Escape") {
                if (expanded) {
                    event.preventDefault();
                    close();
                } else {
                    input.value = "";
                    asked = "";
                }
            } else if (event.key === "Tab") {
                close();
            }
        });
        input.addEventListener("blur", function () { setTimeout(close, 150); });
        input.addEventListener("focus", function () { if (items.length && input.value.trim() === asked) { open(); } });
    }

    document.querySelectorAll("input[data-autocomplete-url]").forEach(init);
})();
