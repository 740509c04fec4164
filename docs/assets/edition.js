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

  /* Search: convert the query to this edition's script and cut it into indexed words
     before Material's search worker (or its file:// stand-in) receives it. */
  var here = document.currentScript ? document.currentScript.src : "";
  function segment(query) {
    var lex = window.__edLexicon;
    if (!lex) return query;
    var words = lex.set || (lex.set = new Set(lex.words));
    var longest = lex.longest || (lex.longest = lex.words.reduce(function (m, w) { return Math.max(m, w.length); }, 1));
    var converted = Array.from(query).map(function (c) { return lex.chars[c] || c; }).join("");
    return converted.split(/\s+/).map(function (part) {
      if (!/[\u3400-\u9fff]/.test(part) || /^[+-]|[*~^:"]/.test(part)) return part;
      var out = [], i = 0;
      while (i < part.length) {
        var n = Math.min(longest, part.length - i);
        while (n > 1 && !words.has(part.substr(i, n).toLowerCase())) n--;
        // Every piece is required and matched as a prefix, as the whole query would have been.
        out.push("+" + part.substr(i, n) + "*");
        i += n;
      }
      return out.join(" ");
    }).join(" ");
  }
  var lexiconState = 0, pending = null;  // 0 not requested, 1 loading, 2 ready or failed
  function loadLexicon() {
    if (lexiconState || !here) return;
    lexiconState = 1;
    var s = document.createElement("script");
    s.src = here.replace(/edition\.js(\?.*)?$/, "search-lexicon.js");
    s.onload = s.onerror = function () {
      lexiconState = 2;
      if (pending) { var p = pending; pending = null; p.send(); }
    };
    document.head.appendChild(s);
  }
  function hookSearch() {
    var W = window.Worker;
    if (!W || !W.prototype || W.prototype.__edHooked) return;
    var post = W.prototype.postMessage;
    W.prototype.postMessage = function (msg) {
      var worker = this, rest = Array.prototype.slice.call(arguments, 1);
      if (!(msg && msg.type === 2 && typeof msg.data === "string")) return post.apply(worker, arguments);
      var send = function () { post.apply(worker, [{ type: 2, data: segment(msg.data) }].concat(rest)); };
      if (lexiconState === 2) return send();
      pending = { send: send };  // the latest query waits for the word list
      loadLexicon();
    };
    W.prototype.__edHooked = true;
    var input = document.querySelector("input.md-search__input");
    var toggle = document.getElementById("__search");
    if (input) input.addEventListener("focus", loadLexicon);
    if (toggle) toggle.addEventListener("change", loadLexicon);
    // Fetch the word list once the page is idle, so the first query need not wait for it.
    window.addEventListener("load", function () { setTimeout(loadLexicon, 200); });
  }

  function init() {
    hookSearch();
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
