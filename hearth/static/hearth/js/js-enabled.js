// Loaded in <head> before the styles apply: CSS can tell whether scripts run (html.js).
document.documentElement.classList.add("js");
