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
    const page = new DOMParser().parseFromString(html || "", "text/html");
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
