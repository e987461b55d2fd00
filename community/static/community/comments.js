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

  // A reply or edit form loaded into a comment's card: close it, back to its link.
  function closeSlot(element) {
    const form = element.closest("[data-comment-form]");
    const card = form && form.closest(".comment__card");
    if (!card || form.matches(".comment__delete")) return;
    form.remove();
    const trigger = card.querySelector("[data-testid=reply-toggle]");
    if (trigger) trigger.focus();
  }

  document.addEventListener("click", (event) => {
    const cancel = event.target.closest && event.target.closest("[data-form-cancel]");
    if (cancel) closeSlot(cancel);
  });

  // -- links that open in place (data-get): a reply, edit or report form at the end of
  // the comment's card ("card"), or every reaction of a comment in place of its bar
  // ("bar"). Without this file they open on a page of their own.
  // Links to another page of the same page (more replies, later threads, every
  // annotation) take the part named by data-select from it: "swap" replaces it, "append"
  // adds its children, "fill" replaces its children; data-also names parts (links) to
  // replace, or drop when the answer has none.
  const MODES = ["swap", "append", "fill"];
  async function inPlace(link) {
    const response = await fetch(link.href, { credentials: "same-origin" });
    if (!response.ok) throw new Error(String(response.status));
    const answer = document.createElement("template");
    answer.innerHTML = await response.text();
    const selector = link.dataset.select;
    const here = document.querySelector(selector);
    const there = answer.content.querySelector(selector);
    if (!here || !there) throw new Error("nothing to show");
    const mode = link.dataset.get;
    if (mode === "swap") here.replaceWith(there);
    else if (mode === "append") here.append(...there.children);
    else here.replaceChildren(...there.children);
    (link.dataset.also || "").split(" ").filter(Boolean).forEach((also) => {
      const old = document.querySelector(also);
      const fresh = answer.content.querySelector(also);
      if (old && fresh) old.replaceWith(fresh);
      else if (old) old.remove();
    });
    if (window.htmx) window.htmx.process(mode === "swap" ? there : here);
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a[data-get]");
    if (!link || !MODES.includes(link.dataset.get) || !window.fetch) return;
    if (event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    inPlace(link).catch(() => {
      window.location.href = link.href; // the page itself shows it
    });
  });
  document.addEventListener("click", async (event) => {
    const link = event.target.closest && event.target.closest("a[data-get]");
    if (!link || MODES.includes(link.dataset.get) || !window.fetch) return;
    if (event.ctrlKey || event.metaKey || event.shiftKey) return;
    const holder = link.dataset.get === "bar" ? link.closest("[data-reaction-bar]") : link.closest(".comment__card");
    if (!holder) return;
    event.preventDefault();
    const status = document.getElementById("discussion-status");
    try {
      // A form comes as a fragment (htmx's header); the reactions come with their page.
      const headers = link.dataset.get === "card" ? { "HX-Request": "true" } : {};
      const response = await fetch(link.href, { credentials: "same-origin", headers });
      const answer = document.createElement("template");
      answer.innerHTML = await response.text();
      if (link.dataset.get === "bar") {
        const fresh = answer.content.querySelector("[data-reaction-bar]");
        if (!fresh) throw new Error("no bar");
        holder.replaceWith(fresh);
        const first = fresh.querySelector("button");
        if (first) first.focus();
        return;
      }
      const added = Array.from(answer.content.children);
      holder.append(answer.content);
      added.forEach((node) => window.htmx && window.htmx.process(node));
      const field = added.length && added[0].querySelector && added[0].querySelector("textarea, input:not([type=hidden])");
      if (field) field.focus();
    } catch (error) {
      if (status) status.textContent = (document.getElementById("react-form") || link).dataset.failed || "";
    }
  });

  // -- reactions: every comment's buttons submit the discussion's one form (#react-form);
  // send it in place and put the answer's bar where the pressed one was.
  document.addEventListener("click", async (event) => {
    const button = event.target.closest && event.target.closest('button[form="react-form"]');
    const form = document.getElementById("react-form");
    const bar = button && button.closest("[data-reaction-bar]");
    if (!bar || !form || !window.fetch) return;
    event.preventDefault();
    const data = new FormData(form);
    data.set(button.name, button.value);
    const kind = button.dataset.testid;
    const status = document.getElementById("discussion-status");
    button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "HX-Request": "true" },
      });
      const answer = document.createElement("template");
      answer.innerHTML = await response.text();
      const fresh = answer.content.querySelector("[data-reaction-bar]");
      const said = answer.content.getElementById("discussion-status");
      if (response.ok && fresh) {
        bar.replaceWith(fresh);
        const again = fresh.querySelector(`[data-testid="${kind}"]`);
        if (again) again.focus();
      }
      if (status) status.textContent = (said || answer.content).textContent.trim();
    } catch (error) {
      if (status) status.textContent = form.dataset.failed || "";
    } finally {
      button.disabled = false;
    }
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
