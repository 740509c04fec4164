/* The English control of the reading options: a toggle button (aria-pressed) that shows the
   editors' English translation beside or after each block, remembered like the other options.
   Added only to pages that have a translation. */
(function () {
  "use strict";
  var root = document.documentElement, KEY = "ed-show-en";
  function stored() { try { return window.localStorage.getItem(KEY) === "1"; } catch (e) { return false; } }
  function store(on) { try { window.localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* private mode */ } }
  root.classList.toggle("ed-show-en", stored());
  function init() {
    var bar = document.querySelector(".ed-toolbar");
    if (!bar || !document.querySelector(".ed-en")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "ed-en-toggle";
    button.lang = "en";
    button.textContent = "English";
    button.setAttribute("aria-pressed", String(stored()));
    button.addEventListener("click", function () {
      var on = button.getAttribute("aria-pressed") !== "true";
      button.setAttribute("aria-pressed", String(on));
      root.classList.toggle("ed-show-en", on);
      store(on);
    });
    bar.appendChild(button);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
