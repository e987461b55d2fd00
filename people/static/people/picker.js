/* The person picker (people.picker.PersonPickerWidget): a WAI-ARIA combobox over a text
 * box that still accepts a username or email address as typed. Up to ten colleagues are
 * suggested from /people/pick/?q=; arrow keys move, Enter or a click picks (the box then
 * holds the person's username), Escape closes. */
(function () {
    "use strict";

    function init(input) {
        var root = input.closest("[data-person-picker-root]");
        var list = document.getElementById(input.id + "_options");
        var status = document.getElementById(input.id + "_status");
        var url = input.getAttribute("data-person-picker");
        var people = [];
        var active = -1;
        var timer = null;
        var controller = null;
        var asked = "";
        input.setAttribute("data-picker-ready", "");
        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("aria-controls", list.id);

        function close() {
            list.hidden = true;
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
            active = -1;
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
            }
        }

        function choose(index) {
            var person = people[index];
            if (!person) { return; }
            input.value = person.username;
            asked = person.username;
            close();
            status.textContent = person.name;
        }

        function avatar(person) {
            var picture;
            if (person.photo) {
                picture = document.createElement("img");
                picture.src = person.photo;
                picture.alt = "";
                picture.width = 32;
                picture.height = 32;
            } else {
                picture = document.createElement("span");
                picture.textContent = person.initials;
                picture.setAttribute("aria-hidden", "true");
            }
            picture.className = "avatar avatar--xs" + (person.photo ? "" : " avatar--initials");
            return picture;
        }

        function render(found) {
            people = found;
            active = -1;
            list.textContent = "";
            found.forEach(function (person, index) {
                var option = document.createElement("li");
                option.id = list.id + "-" + index;
                option.setAttribute("role", "option");
                option.setAttribute("aria-selected", "false");
                option.setAttribute("data-testid", "picker-option");
                option.setAttribute("data-username", person.username);
                option.className = "person-picker__option";
                option.appendChild(avatar(person));
                var name = document.createElement("span");
                name.className = "person-picker__name";
                name.textContent = person.name;
                option.appendChild(name);
                if (person.department) {
                    var department = document.createElement("span");
                    department.className = "person-picker__detail";
                    department.textContent = person.department;
                    option.appendChild(department);
                }
                option.addEventListener("mousedown", function (event) { event.preventDefault(); });
                option.addEventListener("click", function () { choose(index); });
                list.appendChild(option);
            });
            list.hidden = !found.length;
            input.setAttribute("aria-expanded", found.length ? "true" : "false");
            input.removeAttribute("aria-activedescendant");
            status.textContent = found.length
                ? root.getAttribute("data-label-count").replace("%s", String(found.length))
                : root.getAttribute("data-label-none");
        }

        function ask() {
            var text = input.value.trim();
            if (text === asked) { return; }
            asked = text;
            if (text.length < 2) { render([]); status.textContent = ""; return; }
            if (controller) { controller.abort(); }
            controller = new AbortController();
            fetch(url + "?q=" + encodeURIComponent(text), {
                headers: { "Accept": "application/json" },
                credentials: "same-origin",
                signal: controller.signal
            })
                .then(function (response) { return response.ok ? response.json() : { people: [] }; })
                .then(function (data) {
                    if (input.value.trim() === text) { render(data.people || []); }
                })
                .catch(function () { /* aborted or offline: the plain text box still works */ });
        }

        input.addEventListener("input", function () {
            clearTimeout(timer);
            timer = setTimeout(ask, 150);
        });
        input.addEventListener("keydown", function (event) {
            var open = input.getAttribute("aria-expanded") === "true";
            if (event.key === "ArrowDown" && people.length) {
                event.preventDefault();
                list.hidden = false;
                input.setAttribute("aria-expanded", "true");
                mark(active + 1 >= people.length ? 0 : active + 1);
            } else if (event.key === "ArrowUp" && open) {
                event.preventDefault();
                mark(active <= 0 ? people.length - 1 : active - 1);
            } else if (event.key === "Enter" && open && active >= 0) {
                event.preventDefault();
                choose(active);
            } else if (event.key === "Escape" && open) {
                event.preventDefault();
                close();
            }
        });
        input.addEventListener("blur", function () { setTimeout(close, 100); });
    }

    function start() {
        document.querySelectorAll("input[data-person-picker]:not([data-picker-ready])").forEach(init);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
    document.addEventListener("htmx:afterSettle", start);
}());
