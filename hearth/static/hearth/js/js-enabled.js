// Loaded in <head> before the styles apply: CSS can tell whether scripts run (html.js),
// and the theme the person chose (hearth/js/theme.js remembers it) applies before the
// first paint, so a dark page never flashes light.
(() => {
  const root = document.documentElement;
  root.classList.add("js");
  try {
    const theme = localStorage.getItem("hearth-theme");
    const contrast = localStorage.getItem("hearth-contrast");
    if (theme === "light" || theme === "dark") root.dataset.theme = theme;
    if (contrast === "more" || contrast === "normal") root.dataset.contrast = contrast;
  } catch (error) {
    // Storage refused (private mode, policy): the system's preferences apply.
  }
})();
