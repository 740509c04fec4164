/* Reader's tools: annotation popovers, toggles that persist, the script switcher.
   Popover text is set with textContent only: annotation text never becomes markup. */
(function () {
  "use strict";
  var root = document.documentElement;
  var KINDS = ["terms", "figures", "repairs"];
  var store = {
    get: function (k) { try { return window.localStorage.getItem(k); } catch (e) { return null; } },
    set: function (k, v) { try { window.localStorage.setItem(k, v); } catch (e) { /* private mode */ } }
  };
  function hidden(kind) { return store.get("ed-hide-" + kind) === "1"; }
  function apply() {
    KINDS.forEach(function (k) { root.classList.toggle("ed-hide-" + k, hidden(k)); });
    document.querySelectorAll("a.ed-term").forEach(function (a) { a.tabIndex = hidden("terms") ? -1 : 0; });
    document.querySelectorAll("a.ed-figure").forEach(function (a) { a.tabIndex = hidden("figures") ? -1 : 0; });
  }
  function kindOf(el) {
    if (el.classList.contains("ed-term")) return "terms";
    if (el.classList.contains("ed-figure")) return "figures";
    if (el.classList.contains("ed-repair-btn")) return "repairs";
    return "notes";
  }

  var pop = document.createElement("div");
  pop.className = "ed-popover";
  pop.id = "ed-popover";
  pop.setAttribute("role", "tooltip");
  pop.hidden = true;
  var popText = document.createElement("span");
  var popLink = document.createElement("a");
  pop.appendChild(popText);
  pop.appendChild(document.createElement("br"));
  pop.appendChild(popLink);
  var current = null, hideTimer = null;

  // A term or figure carries its text on its first occurrence in the article only.
  function tipOf(el) {
    var own = el.getAttribute("data-tip");
    if (own !== null) return own;
    var kind = el.getAttribute("data-annotation"), id = el.getAttribute("data-id");
    var first = Array.prototype.find.call(document.querySelectorAll(".ed-mark[data-tip]"), function (m) {
      return m.getAttribute("data-annotation") === kind && m.getAttribute("data-id") === id;
    });
    return first ? first.getAttribute("data-tip") : "";
  }

  function show(el) {
    if (kindOf(el) !== "notes" && hidden(kindOf(el))) return;
    clearTimeout(hideTimer);
    if (current && current !== el) current.removeAttribute("aria-describedby");
    current = el;
    popText.textContent = tipOf(el);
    var href = el.tagName === "A" ? el.getAttribute("href") : null;
    popLink.hidden = !href;
    pop.children[1].hidden = !href;
    if (href) {
      popLink.href = href;
      popLink.textContent = (document.getElementById("ed-labels") || {}).dataset
        ? document.getElementById("ed-labels").dataset[el.classList.contains("ed-term") ? "openTerm" : "openFigure"] : "";
    }
    pop.hidden = false;
    el.setAttribute("aria-describedby", "ed-popover");
    var r = el.getBoundingClientRect();
    var left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - pop.offsetWidth - 8));
    pop.style.left = left + "px";
    pop.style.top = (r.bottom + window.scrollY + 6) + "px";
  }
  function hide(now) {
    clearTimeout(hideTimer);
    var done = function () {
      pop.hidden = true;
      if (current) current.removeAttribute("aria-describedby");
      current = null;
    };
    if (now) done(); else hideTimer = setTimeout(done, 250);
  }

  function wire(el) {
    var touched = false, shownBefore = false;
    el.addEventListener("mouseenter", function () { show(el); });
    el.addEventListener("mouseleave", function () { hide(false); });
    el.addEventListener("focus", function () { show(el); });
    el.addEventListener("blur", function () { hide(false); });
    el.addEventListener("pointerdown", function (e) {
      touched = e.pointerType === "touch" || e.pointerType === "pen";
      shownBefore = current === el && !pop.hidden;  // before the tap's own focus event shows it
    });
    el.addEventListener("click", function (e) {
      var kind = kindOf(el);
      if (kind !== "notes" && hidden(kind)) { e.preventDefault(); return; }
      // On a touch screen the first tap shows the popover; the link in it (or a second tap) opens the entry.
      if (el.tagName !== "A" || (touched && !shownBefore)) { e.preventDefault(); show(el); }
      touched = false;
    });
  }

  function toolbar() {
    document.querySelectorAll(".ed-toolbar input[data-kind]").forEach(function (box) {
      var kind = box.getAttribute("data-kind");
      box.checked = !hidden(kind);
      box.addEventListener("change", function () {
        store.set("ed-hide-" + kind, box.checked ? "0" : "1");
        apply();
        if (!box.checked) hide(true);
      });
    });
    document.querySelectorAll(".ed-switcher a").forEach(function (a) {
      a.addEventListener("click", function () {
        // Keep the reader's place: the paragraph in the address, or the first one on screen.
        var target = window.location.hash;
        if (!target) {
          var blocks = document.querySelectorAll(".ed-block[id], .md-typeset h2[id]");
          for (var i = 0; i < blocks.length; i++) {
            if (blocks[i].getBoundingClientRect().bottom > 60) { target = "#" + blocks[i].id; break; }
          }
        }
        a.href = a.href.split("#")[0] + (target || "");
      });
    });
  }

  function init() {
    document.body.appendChild(pop);
    pop.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    pop.addEventListener("mouseleave", function () { hide(false); });
    document.querySelectorAll("a.ed-mark, button[data-tip]").forEach(wire);
    document.addEventListener("keydown", function (e) { if (e.key === "Escape" && !pop.hidden) hide(true); });
    document.addEventListener("click", function (e) {
      if (!pop.hidden && current && !current.contains(e.target) && !pop.contains(e.target)) hide(true);
    });
    toolbar();
    apply();
  }
  apply();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
