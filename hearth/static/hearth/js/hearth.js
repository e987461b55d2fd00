// Small progressive enhancements; every page works without this file.
(() => {
  const toggle = document.querySelector("[data-nav-toggle]");
  if (!toggle) return;
  const nav = document.getElementById(toggle.getAttribute("aria-controls"));
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    nav.classList.toggle("is-open", open);
  });
})();

// An in-place (htmx) action the server refused (4xx): say why, where the person is looking.
// htmx does not swap error answers, so without this a refused vote or follow did nothing
// visible. The refusal pages put their reason in a [role=alert] element; it goes into the
// form's own [data-form-error] box, else the page's #site-status alert. Handlers that show
// refusals themselves (community/comments.js) mark the answer as handled first.
(() => {
  const reasonOf = (html, fallback) => {
    // Without the answer's <style> (the brand's, by that answer's nonce): parsed here, it
    // would only be a content security policy violation.
    const markup = (html || "").replace(/<style\b[\s\S]*?<\/style>/gi, "");
    const page = new DOMParser().parseFromString(markup, "text/html");
    const alert = page.querySelector("main [role=alert]:not(#site-status), main .error-page p");
    const text = alert && alert.textContent.trim();
    return text || fallback;
  };

  document.addEventListener("htmx:responseError", (event) => {
    const xhr = event.detail.xhr;
    const status = document.getElementById("site-status");
    if (!xhr || xhr.status < 400 || xhr.status >= 500 || !status) return;
    const source = event.detail.elt;
    const form = source && source.closest && source.closest("form");
    const box = (form && form.querySelector("[data-form-error]")) || status;
    box.textContent = reasonOf(xhr.responseText, status.dataset.fallback);
    box.hidden = false;
  });

  document.addEventListener("htmx:beforeRequest", () => {
    const status = document.getElementById("site-status");
    if (status && !status.hidden) {
      status.hidden = true;
      status.textContent = "";
    }
  });
})();

// A form marked [data-swap-invalid] shows the server's 400 answer (the form again, with its
// errors) in place of itself, as htmx does for a 2xx.
document.addEventListener("htmx:beforeSwap", (event) => {
  const source = event.detail.requestConfig && event.detail.requestConfig.elt;
  if (event.detail.xhr.status !== 400 || !source || !source.closest("[data-swap-invalid]")) return;
  event.detail.shouldSwap = true;
  event.detail.isError = false;
});

// "Go back" links ([data-history-back]): back in the browser's history where there is
// one; their href (the start page) otherwise, and without scripts.
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a[data-history-back]");
  if (!link || window.history.length < 2) return;
  event.preventDefault();
  window.history.back();
});

// Colours and typefaces chosen in the brand hub (brand/blocks/*.html), which the content
// security policy does not allow as style="" attributes: data-style-<property>="value".
(() => {
  const properties = ["background-color", "color", "font-family", "font-weight"];
  const apply = (root) => {
    for (const property of properties) {
      const attribute = `data-style-${property}`;
      for (const element of root.querySelectorAll(`[${attribute}]`)) {
        element.style.setProperty(property, element.getAttribute(attribute));
      }
    }
  };
  apply(document);
  document.addEventListener("htmx:afterSwap", (event) => apply(event.detail.target || document));
})();

// The header's grouped sections (<details>, which work without this): one open at a time,
// closed by Escape (focus back on its summary) or a click elsewhere.
(() => {
  const groups = Array.from(document.querySelectorAll("[data-nav-group]"));
  if (!groups.length) return;
  groups.forEach((group) => {
    group.addEventListener("toggle", () => {
      if (group.open) groups.forEach((other) => { if (other !== group) other.open = false; });
    });
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    groups.forEach((group) => {
      if (group.open) {
        group.open = false;
        group.querySelector("summary").focus();
      }
    });
  });
  document.addEventListener("click", (event) => {
    groups.forEach((group) => { if (group.open && !group.contains(event.target)) group.open = false; });
  });
})();

// A page tree (components/page_tree.html) sits above the page as a "Pages in this space"
// disclosure on a narrow screen: closed there, so the page comes first. Open without this.
(() => {
  if (!window.matchMedia("(max-width: 56.24rem)").matches) return;
  document.querySelectorAll("details[data-collapse-below]").forEach((tree) => {
    tree.open = false;
  });
})();
