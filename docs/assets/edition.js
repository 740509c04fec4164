/* Reader's tools: explanations of marked terms and figures (a popover, or a bottom sheet
   on a phone), toggles that persist, and the script switcher that keeps the reader's place.
   Explanation text is set with textContent only: annotation text never becomes markup. */
(function () {
  "use strict";
  var root = document.documentElement;
  var KINDS = ["terms", "figures", "repairs"];
  function storage(which) {
    return {
      get: function (k) { try { return window[which].getItem(k); } catch (e) { return null; } },
      set: function (k, v) { try { window[which].setItem(k, v); } catch (e) { /* private mode */ } },
      del: function (k) { try { window[which].removeItem(k); } catch (e) { /* private mode */ } }
    };
  }
  var store = storage("localStorage"), session = storage("sessionStorage");
  var labels = null;  // the toolbar, which carries this edition's words for the script
  function word(name) { return labels ? labels.getAttribute("data-" + name) || "" : ""; }
  function hidden(kind) { return store.get("ed-hide-" + kind) === "1"; }
  function apply() {
    KINDS.forEach(function (k) { root.classList.toggle("ed-hide-" + k, hidden(k)); });
    document.querySelectorAll("a.ed-term").forEach(function (a) { a.tabIndex = hidden("terms") ? -1 : 0; });
    document.querySelectorAll("a.ed-figure").forEach(function (a) { a.tabIndex = hidden("figures") ? -1 : 0; });
    var clean = document.querySelector(".ed-clean");
    if (clean) clean.setAttribute("aria-pressed", KINDS.every(hidden) ? "true" : "false");
  }
  function kindOf(el) {
    var a = el.getAttribute("data-annotation");
    if (a === "term") return "terms";
    if (a === "figure") return "figures";
    if (el.classList.contains("ed-repair-btn")) return "repairs";
    return "notes";
  }
  function headerBottom() {
    var h = document.querySelector(".md-header");
    return h ? Math.max(0, h.getBoundingClientRect().bottom) : 0;
  }

  /* The explanation: a popover beside the term, or a sheet at the foot of a phone's screen. */
  var pop = document.createElement("div");
  pop.className = "ed-popover";
  pop.id = "ed-popover";
  pop.setAttribute("role", "tooltip");
  pop.hidden = true;
  var popHead = document.createElement("p");
  popHead.className = "ed-pop-head";
  var popTitle = document.createElement("strong");
  var popPinyin = document.createElement("span");
  popPinyin.className = "ed-pop-pinyin";
  popPinyin.lang = "zh-Latn-pinyin";
  popHead.appendChild(popTitle);
  popHead.appendChild(popPinyin);
  var popBody = document.createElement("div");
  popBody.className = "ed-pop-body";
  var popLink = document.createElement("a");
  popLink.className = "ed-pop-link";
  popLink.href = "#";
  var popClose = document.createElement("button");
  popClose.type = "button";
  popClose.className = "ed-pop-close";
  popClose.textContent = "×";
  [popHead, popBody, popLink, popClose].forEach(function (n) { pop.appendChild(n); });
  var current = null, hideTimer = null, pinned = false, returning = false;
  // A term's text is "term（pinyin）：definition"; the term itself may hold brackets, as in 区（市）.
  var TERM_TIP = /^(.+?)（([^（）]*)）：([\s\S]*)$/;
  var PHONE = window.matchMedia ? window.matchMedia("(max-width: 599.98px)") : { matches: false };

  // A term or figure carries its text on its first occurrence in the article only.
  function tipOf(el) {
    var own = el.getAttribute("data-tip");
    if (own !== null) return own;
    var first = marked(el, "[data-tip]");
    return first ? first.getAttribute("data-tip") : "";
  }
  // The marked occurrence of the same term or figure (a repeat in a section is a plain span).
  function marked(el, extra) {
    var kind = el.getAttribute("data-annotation"), id = el.getAttribute("data-id");
    return Array.prototype.find.call(document.querySelectorAll("a.ed-mark" + extra), function (m) {
      return m.getAttribute("data-annotation") === kind && m.getAttribute("data-id") === id;
    });
  }

  function fill(el) {
    var kind = kindOf(el), tip = tipOf(el);
    popTitle.textContent = ""; popPinyin.textContent = ""; popBody.textContent = "";
    popHead.hidden = true;
    var term = kind === "terms" ? TERM_TIP.exec(tip) : null;
    var fields = tip.split("｜"), names = word("fields").split("|");
    if (term) {
      popHead.hidden = false;
      popTitle.textContent = term[1];
      popPinyin.textContent = term[2];
      popBody.textContent = term[3];
    } else if (kind === "figures" && fields.length === names.length) {
      popHead.hidden = false;
      popTitle.textContent = el.textContent;
      var dl = document.createElement("dl");
      names.forEach(function (name, i) {
        var dt = document.createElement("dt"), dd = document.createElement("dd");
        dt.textContent = name; dd.textContent = fields[i];
        dl.appendChild(dt); dl.appendChild(dd);
      });
      popBody.appendChild(dl);
    } else {
      popBody.textContent = tip;
    }
    var source = el.tagName === "A" ? el : (kind === "terms" || kind === "figures" ? marked(el, "") : null);
    var href = source ? source.getAttribute("href") : null;
    popLink.hidden = !href;
    popLink.href = href || "#";
    popLink.textContent = word(kind === "terms" ? "open-term" : "open-figure");
    popClose.setAttribute("aria-label", word("close"));
    popClose.title = word("close");
  }

  function place(el) {
    var vw = root.clientWidth, vh = window.innerHeight;
    pop.style.maxHeight = "";
    if (PHONE.matches) {
      pop.classList.add("ed-sheet");
      pop.classList.remove("ed-above");
      pop.setAttribute("role", "dialog");
      pop.setAttribute("aria-label", popTitle.textContent || word("close"));
      pop.style.left = ""; pop.style.top = "";
      popClose.tabIndex = 0;
      // Keep the term itself in sight above the sheet.
      var r = el.getBoundingClientRect(), room = vh - pop.offsetHeight - 12;
      if (r.bottom > room) window.scrollBy(0, r.bottom - room);
      else if (r.top < headerBottom()) window.scrollBy(0, r.top - headerBottom() - 12);
      return;
    }
    pop.classList.remove("ed-sheet");
    pop.setAttribute("role", "tooltip");
    popClose.tabIndex = -1;  // beside the term, Escape closes; Tab goes from the link on to the text
    pop.removeAttribute("aria-label");
    var rects = el.getClientRects(), first = rects[0] || el.getBoundingClientRect(), last = rects[rects.length - 1] || first;
    var top = headerBottom() + 8, bottom = vh - 8, h = pop.offsetHeight;
    var below = bottom - (last.bottom + 6), above = (first.top - 6) - top;
    var flip = h > below && above > below;
    if (h > Math.max(below, above)) { pop.style.maxHeight = Math.max(below, above) + "px"; h = pop.offsetHeight; }
    var anchor = flip ? first : last;
    var left = Math.max(8, Math.min(anchor.left, vw - pop.offsetWidth - 8));
    pop.classList.toggle("ed-above", flip);
    pop.style.left = (left + window.scrollX) + "px";
    pop.style.top = ((flip ? anchor.top - 6 - h : anchor.bottom + 6) + window.scrollY) + "px";
  }

  function show(el, pin) {
    if (kindOf(el) !== "notes" && hidden(kindOf(el))) return;
    clearTimeout(hideTimer);
    if (current && current !== el) { current.removeAttribute("aria-describedby"); current.classList.remove("ed-active"); }
    if (current !== el || pop.hidden) fill(el);
    current = el;
    pinned = pin || (pinned && !pop.hidden);
    pop.hidden = false;
    el.classList.add("ed-active");
    el.setAttribute("aria-describedby", "ed-popover");
    place(el);
  }
  function hide(now, refocus) {
    clearTimeout(hideTimer);
    var done = function () {
      var was = current;
      pop.hidden = true;
      pinned = false;
      current = null;
      if (!was) return;
      was.removeAttribute("aria-describedby");
      was.classList.remove("ed-active");
      if (refocus) {
        if (was.tabIndex < 0 && was.tagName !== "A") was.setAttribute("tabindex", "-1");
        returning = true;  // focus comes back to the term without opening it again
        was.focus({ preventScroll: true });
        returning = false;
      }
    };
    if (now) done(); else hideTimer = setTimeout(done, 250);
  }
  function tabbables() {
    return Array.prototype.filter.call(document.querySelectorAll("a[href], button, input, select, textarea, [tabindex]"), function (n) {
      return n.tabIndex >= 0 && !n.disabled && n.getClientRects().length > 0 && !pop.contains(n);
    });
  }
  // The popover lives at the end of the page; Tab goes from the term into it and on to what follows the term.
  function onTab(e) {
    if (e.key !== "Tab" || pop.hidden || !current) return;
    var inside = Array.prototype.filter.call(pop.querySelectorAll("a, button"), function (n) { return !n.hidden && n.tabIndex >= 0; });
    var at = inside.indexOf(document.activeElement);
    if (document.activeElement === current && !e.shiftKey && inside.length) {
      e.preventDefault(); inside[0].focus();
    } else if (at === 0 && e.shiftKey) {
      e.preventDefault(); current.focus();
    } else if (at === inside.length - 1 && !e.shiftKey) {
      var list = tabbables(), next = list[list.indexOf(current) + 1], from = current;
      e.preventDefault();
      hide(true);
      (next || from).focus();
    }
  }

  function wire(el) {
    var touched = false, shownBefore = false, pointing = false, repeat = el.classList.contains("ed-repeat");
    if (!repeat) {
      // Hover by a mouse only: the mouse events a touch screen emulates after a tap would open it early.
      el.addEventListener("pointerenter", function (e) { if (e.pointerType === "mouse") show(el, false); });
      el.addEventListener("pointerleave", function (e) { if (e.pointerType === "mouse" && !pinned) hide(false); });
      // Focus by a tap waits for the click: showing a sheet scrolls the page under the finger.
      el.addEventListener("focus", function () { if (!pointing && !returning && (current !== el || pop.hidden)) show(el, false); });
      el.addEventListener("blur", function (e) { pointing = false; if (!pinned && !pop.contains(e.relatedTarget)) hide(false); });
    }
    el.addEventListener("pointerdown", function (e) {
      touched = e.pointerType === "touch" || e.pointerType === "pen";
      pointing = true;
      shownBefore = current === el && !pop.hidden;  // before the tap's own focus event shows it
    });
    el.addEventListener("pointercancel", function () { pointing = false; });
    el.addEventListener("click", function (e) {
      var kind = kindOf(el);
      if (kind !== "notes" && hidden(kind)) { e.preventDefault(); return; }
      // On a touch screen the first tap shows the explanation; its link (or a second tap) opens the entry.
      if (el.tagName !== "A" || (touched && !shownBefore)) { e.preventDefault(); show(el, true); }
      touched = false;
      pointing = false;
    });
  }

  /* The reader's place: the block at the reading line and how far into it, kept as they
     read, carried by the script switcher and restored after a switch or a reload. */
  var bar = null, pageKey = "";
  var ANCHORS = ".ed-block[id], .md-typeset h2[id], .ed-entry[id], .ed-table tr[id], .ed-chart-figure[id]";
  function readingLine() { return headerBottom() + (bar ? bar.offsetHeight : 0) + 8; }
  function position() {
    if (window.scrollY < 4) return null;  // at the top of the page
    var line = readingLine(), list = document.querySelectorAll(ANCHORS);
    for (var i = 0; i < list.length; i++) {
      var r = list[i].getBoundingClientRect();
      if (r.bottom > line && r.height > 0) return { id: list[i].id, off: Math.round(line - r.top) };
    }
    return null;
  }
  function restore(p) {
    var el = p && document.getElementById(p.id);
    if (!el) return false;
    window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - readingLine() + p.off);
    return true;
  }
  var tracked = null;
  function track() {
    tracked = position();
    session.set("ed-pos:" + pageKey, JSON.stringify(tracked));
    document.querySelectorAll(".ed-switcher a").forEach(function (a) {
      a.href = a.href.split("#")[0] + (tracked ? "#" + tracked.id : "");
    });
  }
  function switcher() {
    bar = document.getElementById("ed-bar");
    if (!bar) return;
    pageKey = bar.getAttribute("data-page") || window.location.pathname;
    var pending = null;
    try { pending = JSON.parse(session.get("ed-switch") || "null"); } catch (e) { pending = null; }
    session.del("ed-switch");
    var nav = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
    var saved = null;
    if (pending && pending.page === pageKey && Date.now() - pending.t < 60000) saved = pending;
    else if (nav && nav.type === "reload") {
      try { saved = JSON.parse(session.get("ed-pos:" + pageKey) || "null"); } catch (e) { saved = null; }
    }
    // Where the reader was wins over the fragment in the address, which may be older.
    if (saved) {
      restore(saved);
      window.addEventListener("load", function () { restore(saved); track(); });
    }
    var queued = false;
    window.addEventListener("scroll", function () {
      if (queued) return;
      queued = true;
      window.requestAnimationFrame(function () { queued = false; track(); });
    }, { passive: true });
    document.querySelectorAll(".ed-switcher a").forEach(function (a) {
      a.addEventListener("click", function () {
        track();
        if (tracked) session.set("ed-switch", JSON.stringify({ page: pageKey, id: tracked.id, off: tracked.off, t: Date.now() }));
      });
    });
    if (!saved) { landed(); track(); }
  }

  /* A back-link names a paragraph; the page remembers which term or figure the reader
     followed, so the occurrence itself is shown, not only the paragraph around it. */
  function backlinks() {
    document.querySelectorAll(".ed-entry[id] .ed-backlinks a, .ed-figures tr[id] td:last-child a:not(.ed-edit)").forEach(function (a) {
      a.addEventListener("click", function () {
        var holder = a.closest("[id]");
        var kind = holder.tagName === "TR" ? "figure" : "term";
        session.set("ed-landing", JSON.stringify({ kind: kind, id: holder.id, t: Date.now() }));
      });
    });
  }
  function landed() {
    var landing = null;
    try { landing = JSON.parse(session.get("ed-landing") || "null"); } catch (e) { landing = null; }
    session.del("ed-landing");
    var block = window.location.hash ? document.getElementById(decodeURIComponent(window.location.hash.slice(1))) : null;
    if (!landing || !block || Date.now() - landing.t > 60000) return;
    var hits = Array.prototype.filter.call(block.querySelectorAll("[data-annotation][data-id]"), function (m) {
      return m.getAttribute("data-annotation") === landing.kind && m.getAttribute("data-id") === landing.id;
    });
    hits.forEach(function (m) { m.classList.add("ed-landed"); });
    if (hits.length) {
      block.classList.add("ed-landed-block");
      var r = hits[0].getBoundingClientRect();
      if (r.top < readingLine() || r.bottom > window.innerHeight) window.scrollBy(0, r.top - window.innerHeight / 3);
    }
  }

  function toolbar() {
    labels = document.getElementById("ed-labels");
    if (!labels) return;
    var any = false;
    var present = { terms: "[data-annotation=term]", figures: "[data-annotation=figure]", repairs: ".ed-repair" };
    KINDS.forEach(function (kind) {
      var here = !!document.querySelector(".md-content " + present[kind]);
      any = any || here;
      labels.querySelectorAll("[data-kind=" + kind + "]").forEach(function (n) {
        (n.tagName === "INPUT" ? n.parentNode : n).hidden = !here;  // a toggle only where it acts
      });
    });
    labels.querySelectorAll(".ed-clean, .ed-legend").forEach(function (n) { n.hidden = !any; });
    // The bar stays while it holds another option (pinyin, dictionary; the English toggle joins it later).
    labels.hidden = !document.querySelector(".ed-en") && !Array.prototype.some.call(
      labels.querySelectorAll("input, button"), function (n) { return !n.closest("[hidden]"); });
    labels.querySelectorAll("input[data-kind]").forEach(function (box) {
      var kind = box.getAttribute("data-kind");
      box.checked = !hidden(kind);
      box.addEventListener("change", function () {
        store.set("ed-hide-" + kind, box.checked ? "0" : "1");
        apply();
        if (!box.checked) hide(true);
      });
    });
    var clean = labels.querySelector(".ed-clean");
    if (clean) clean.addEventListener("click", function () {
      var on = !KINDS.every(hidden);  // the preset hides every mark; pressed again, it shows them all
      KINDS.forEach(function (k) { store.set("ed-hide-" + k, on ? "1" : "0"); });
      labels.querySelectorAll("input[data-kind]").forEach(function (box) { box.checked = !on; });
      apply();
      hide(true);
    });
  }

  /* For print: the article's glossary terms as numbered endnotes (shown by the print stylesheet only). */
  function endnotes() {
    var firsts = document.querySelectorAll(".md-content a.ed-term[data-tip]");
    var content = document.querySelector(".md-content__inner");
    if (!firsts.length || !content || !labels) return;
    var section = document.createElement("section");
    section.className = "ed-endnotes";
    var title = document.createElement("h2");
    title.textContent = word("notes");
    var list = document.createElement("ol");
    section.appendChild(title);
    section.appendChild(list);
    firsts.forEach(function (a, i) {
      var m = TERM_TIP.exec(a.getAttribute("data-tip"));
      if (!m) return;
      a.setAttribute("data-note", String(i + 1));
      var li = document.createElement("li"), term = document.createElement("strong"), pinyin = document.createElement("span");
      term.textContent = m[1];
      pinyin.textContent = "（" + m[2] + "）";
      pinyin.lang = "zh-Latn-pinyin";
      li.appendChild(term);
      li.appendChild(pinyin);
      li.appendChild(document.createTextNode(m[3]));
      list.appendChild(li);
    });
    var footer = content.querySelector(".ed-print-footer");
    content.insertBefore(section, footer);
  }

  function init() {
    document.body.appendChild(pop);
    pop.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
    pop.addEventListener("mouseleave", function () { if (!pinned) hide(false); });
    pop.addEventListener("focusin", function () { clearTimeout(hideTimer); });
    pop.addEventListener("focusout", function (e) {
      if (!pop.contains(e.relatedTarget) && e.relatedTarget !== current && !pinned) hide(false);
    });
    popClose.addEventListener("click", function () { hide(true, true); });
    document.querySelectorAll("a.ed-mark, .ed-repeat, button[data-tip]").forEach(wire);
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && !pop.hidden) {
        var back = pop.contains(document.activeElement) || document.activeElement === current || pinned;
        hide(true, back);
      }
      onTab(e);
    });
    document.addEventListener("click", function (e) {
      if (!pop.hidden && current && !current.contains(e.target) && !pop.contains(e.target)) hide(true);
    });
    window.addEventListener("resize", function () { if (!pop.hidden && current) place(current); });
    window.addEventListener("beforeprint", function () {
      hide(true);
      document.querySelectorAll(".ed-print-footer").forEach(function (f) {
        f.textContent = f.textContent.split(" · ")[0] + " · " + window.location.href.split("#")[0];
      });
    });
    toolbar();
    apply();
    endnotes();
    backlinks();
    switcher();
  }
  apply();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
