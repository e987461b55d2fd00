// Comments in place with htmx, and @mention autocomplete. Every form works without this file.
(() => {
  "use strict";

  // -- htmx: show refusals inside the form that was sent, reset forms that succeeded ----
  const formOf = (element) => element && element.closest && element.closest("[data-comment-form], .reaction-bar");

  document.addEventListener("htmx:beforeSwap", (event) => {
    const status = event.detail.xhr.status;
    if (status < 400 || status >= 500) return;
    const source = event.detail.requestConfig && event.detail.requestConfig.elt;
    // A form that shows its own errors in place (a report form, hearth.js) keeps them.
    if (source && source.closest && source.closest("[data-swap-invalid]")) return;
    const form = formOf(source);
    const box = (form && form.querySelector("[data-form-error]")) || document.getElementById("discussion-status");
    if (!box) return;
    event.detail.shouldSwap = true;
    event.detail.isError = false;
    event.detail.target = box;
    event.detail.swapOverride = "innerHTML";
  });

  document.addEventListener("htmx:afterRequest", (event) => {
    const form = formOf(event.detail.elt);
    const status = event.detail.xhr.status;
    if (!form || !form.matches("[data-comment-form]") || status < 200 || status >= 300) return;
    if (!form.isConnected) return; // replaced by the answer (an edited or deleted card)
    form.reset();
    const box = form.querySelector("[data-form-error]");
    if (box) box.textContent = "";
    closeSlot(form);
  });

  // A reply or edit form loaded into a comment's slot: close it, back to its link.
  function closeSlot(element) {
    const slot = element.closest("[data-form-slot]");
    if (!slot) return;
    slot.replaceChildren();
    const card = slot.closest(".comment__card");
    const trigger = card && card.querySelector("[data-testid=reply-toggle]");
    if (trigger) trigger.focus();
  }

  document.addEventListener("click", (event) => {
    const cancel = event.target.closest && event.target.closest("[data-form-cancel]");
    if (cancel) closeSlot(cancel);
  });

  // -- @mention autocomplete: ARIA listbox attached to the textarea ---------------------
  const TOKEN = /(^|[^\w@])@([\w.+-]{1,50})$/;
  let counter = 0;

  function setUp(textarea) {
    const holder = textarea.closest("[data-people-url]");
    if (!holder || textarea.dataset.mentionReady) return;
    textarea.dataset.mentionReady = "1";
    const url = holder.dataset.peopleUrl;
    const id = `mention-list-${++counter}`;
    const list = document.createElement("ul");
    list.id = id;
    list.className = "mention-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", textarea.dataset.mentionLabel || "People to mention");
    list.hidden = true;
    const status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    textarea.after(list, status);
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", id);

    let results = [];
    let active = -1;
    let timer = 0;
    let asked = 0;

    const close = () => {
      list.hidden = true;
      list.replaceChildren();
      results = [];
      active = -1;
      textarea.removeAttribute("aria-activedescendant");
    };

    const highlight = (index) => {
      active = index;
      list.querySelectorAll("[role=option]").forEach((option, n) => {
        option.setAttribute("aria-selected", n === index ? "true" : "false");
      });
      if (index >= 0) textarea.setAttribute("aria-activedescendant", `${id}-${index}`);
      else textarea.removeAttribute("aria-activedescendant");
    };

    const token = () => {
      const before = textarea.value.slice(0, textarea.selectionStart);
      const match = TOKEN.exec(before);
      return match ? match[2] : null;
    };

    const choose = (index) => {
      const person = results[index];
      const query = token();
      if (!person || query === null) return close();
      const caret = textarea.selectionStart;
      const start = caret - query.length - 1;
      const inserted = `@${person.username} `;
      textarea.setRangeText(inserted, start, caret, "end");
      close();
      textarea.focus();
    };

    const show = (people) => {
      results = people;
      list.replaceChildren();
      people.forEach((person, n) => {
        const option = document.createElement("li");
        option.id = `${id}-${n}`;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.testid = "mention-option";
        const name = document.createElement("span");
        name.textContent = person.name;
        const handle = document.createElement("span");
        handle.className = "mention-list__username";
        handle.textContent = ` @${person.username}`;
        option.append(name, handle);
        option.addEventListener("mousedown", (event) => {
          event.preventDefault(); // keep the focus in the textarea
          choose(n);
        });
        list.append(option);
      });
      list.hidden = people.length === 0;
      status.textContent = people.length ? `${people.length} people found; use the arrow keys.` : "";
      highlight(people.length ? 0 : -1);
    };

    const lookUp = () => {
      const query = token();
      if (query === null) return close();
      const ticket = ++asked;
      fetch(`${url}?q=${encodeURIComponent(query)}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then((response) => (response.ok ? response.json() : { results: [] }))
        .then((data) => {
          if (ticket === asked) show(data.results || []);
        })
        .catch(close);
    };

    textarea.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(lookUp, 150);
    });
    textarea.addEventListener("keydown", (event) => {
      if (list.hidden || !results.length) return;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight((active + 1) % results.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight((active - 1 + results.length) % results.length);
      } else if (event.key === "Enter" || event.key === "Tab") {
        if (active < 0) return;
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        close();
      }
    });
    textarea.addEventListener("blur", () => setTimeout(close, 150));
  }

  document.addEventListener("focusin", (event) => {
    if (event.target.matches && event.target.matches("textarea[data-mention]")) setUp(event.target);
  });
})();
