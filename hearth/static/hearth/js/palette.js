/* The command palette (templates/components/command_palette.html): Ctrl-K or Cmd-K, or
 * its header button, opens a modal <dialog> (the browser keeps focus inside it and closes
 * it on Escape). Typing finds the person's actions (fetched once, filtered here), pages
 * (the search autocomplete) and people (the person picker); the arrow keys move through
 * them (a WAI-ARIA combobox: focus stays in the box), Enter opens the chosen one, or
 * searches everything when none is chosen. */
(function () {
    "use strict";

    var opener = document.querySelector("[data-palette-open]");
    var dialog = opener && document.getElementById(opener.getAttribute("aria-controls"));
    if (!dialog || typeof dialog.showModal !== "function") { return; }
    var input = dialog.querySelector("input[role=combobox]");
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var status = dialog.querySelector("[role=status]");
    var groups = {
        action: dialog.getAttribute("data-group-actions"),
        page: dialog.getAttribute("data-group-pages"),
        person: dialog.getAttribute("data-group-people")
    };
    var actions = null;
    var items = [];
    var active = -1;
    var timer = null;
    var controller = null;
    var asked = null;
    opener.hidden = false;

    function getJSON(url, signal) {
        return fetch(url, {
            headers: { "Accept": "application/json" },
            credentials: "same-origin",
            signal: signal
        }).then(function (response) { return response.ok ? response.json() : {}; });
    }

    function loadActions() {
        if (actions) { return Promise.resolve(actions); }
        return getJSON(dialog.getAttribute("data-actions-url"))
            .then(function (data) { actions = data.actions || []; return actions; })
            .catch(function () { actions = []; return actions; });
    }

    function matching(text) {
        var words = text.toLowerCase().split(/\s+/).filter(Boolean);
        return (actions || []).filter(function (action) {
            var label = action.label.toLowerCase();
            return words.every(function (word) { return label.indexOf(word) !== -1; });
        }).slice(0, words.length ? 8 : 6).map(function (action) {
            return { kind: "action", label: action.label, url: action.url, detail: action.group };
        });
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

    function render(found) {
        items = found;
        list.textContent = "";
        found.forEach(function (item, index) {
            var option = document.createElement("li");
            option.id = list.id + "-" + index;
            option.className = "palette__option";
            option.setAttribute("role", "option");
            option.setAttribute("aria-selected", "false");
            option.setAttribute("data-testid", "palette-option");
            option.setAttribute("data-kind", item.kind);
            var label = document.createElement("span");
            label.className = "palette__label";
            label.textContent = item.label;
            var kind = document.createElement("span");
            kind.className = "palette__kind";
            kind.textContent = groups[item.kind] + (item.detail ? " · " + item.detail : "");
            option.appendChild(label);
            option.appendChild(kind);
            option.addEventListener("mousedown", function (event) { event.preventDefault(); });
            option.addEventListener("click", function () { go(index); });
            list.appendChild(option);
        });
        input.setAttribute("aria-expanded", found.length ? "true" : "false");
        mark(found.length ? 0 : -1);
        status.textContent = found.length
            ? dialog.getAttribute("data-label-count").replace("%s", String(found.length))
            : (input.value.trim() ? dialog.getAttribute("data-label-none") : "");
    }

    function go(index) {
        var item = items[index];
        var text = input.value.trim();
        if (item) {
            window.location.assign(item.url);
        } else if (text) {
            window.location.assign(dialog.getAttribute("data-search-url") + "?q=" + encodeURIComponent(text));
        }
    }

    function ask() {
        var text = input.value.trim();
        if (text === asked) { return; }
        asked = text;
        var own = matching(text);
        if (text.length < 2) { render(own); return; }
        if (controller) { controller.abort(); }
        controller = new AbortController();
        var query = "?q=" + encodeURIComponent(text);
        var pages = getJSON(dialog.getAttribute("data-pages-url") + query, controller.signal)
            .then(function (data) {
                return (data.items || []).filter(function (item) { return item.kind === "page"; })
                    .map(function (item) { return { kind: "page", label: item.label, url: item.url }; });
            }).catch(function () { return []; });
        var people = getJSON(dialog.getAttribute("data-people-url") + query, controller.signal)
            .then(function (data) {
                return (data.people || []).slice(0, 5).map(function (person) {
                    return { kind: "person", label: person.name, url: person.url, detail: person.department };
                });
            }).catch(function () { return []; });
        Promise.all([pages, people]).then(function (found) {
            if (input.value.trim() !== text) { return; }
            render(own.concat(found[0], found[1]));
        });
    }

    function open() {
        if (dialog.open) { return; }
        input.value = "";
        asked = null;
        dialog.showModal();
        input.focus();
        loadActions().then(ask);
    }

    opener.addEventListener("click", open);
    document.addEventListener("keydown", function (event) {
        if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "k") {
            event.preventDefault();
            if (dialog.open) { dialog.close(); } else { open(); }
        }
    });
    input.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(ask, 120);
    });
    input.addEventListener("keydown", function (event) {
        if (event.key === "ArrowDown" && items.length) {
            event.preventDefault();
            mark(active + 1 >= items.length ? 0 : active + 1);
        } else if (event.key === "ArrowUp" && items.length) {
            event.preventDefault();
            mark(active <= 0 ? items.length - 1 : active - 1);
        } else if (event.key === "Enter") {
            event.preventDefault();
            go(active);
        } else if (event.key === "Tab") {
            event.preventDefault();  // the box is the dialog's one stop: focus stays here
        }
    });
    // A click on the backdrop (outside the dialog's box) closes it.
    dialog.addEventListener("click", function (event) {
        if (event.target === dialog) { dialog.close(); }
    });
    dialog.addEventListener("close", function () { opener.focus(); });
}());
