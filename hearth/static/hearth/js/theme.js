// The person's choice of theme (system, light, dark) and of high contrast, from the
// controls in the person menu (templates/components/theme_choice.html), kept in
// localStorage and applied before paint by js-enabled.js. Without JavaScript the system's
// preferences (prefers-color-scheme, prefers-contrast) apply and the controls stay hidden.
(() => {
  const root = document.documentElement;
  const box = document.querySelector("[data-theme-choice]");
  if (!box) return;
  const store = (key, value) => {
    try {
      if (value) localStorage.setItem(key, value);
      else localStorage.removeItem(key);
    } catch (error) {
      // Not remembered; still applied to this page.
    }
  };
  const show = () => {
    const theme = root.dataset.theme || "system";
    box.querySelectorAll("[data-theme-value]").forEach((button) => {
      button.setAttribute("aria-pressed", String(button.dataset.themeValue === theme));
    });
    const contrast = box.querySelector("[data-contrast-toggle]");
    if (contrast) contrast.setAttribute("aria-pressed", String(root.dataset.contrast === "more"));
  };
  box.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.dataset.themeValue) {
      const value = button.dataset.themeValue;
      if (value === "system") delete root.dataset.theme;
      else root.dataset.theme = value;
      store("hearth-theme", value === "system" ? "" : value);
    } else if (button.hasAttribute("data-contrast-toggle")) {
      const more = root.dataset.contrast !== "more";
      root.dataset.contrast = more ? "more" : "normal";
      store("hearth-contrast", root.dataset.contrast);
    }
    show();
  });
  box.hidden = false;
  show();
})();
