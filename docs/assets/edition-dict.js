/* 查词: tap or click any word of the article for its dictionary entry (CC-CEDICT, CC BY-SA 4.0),
   the glossary's definition first where the word is a term. The entries of the article's own
   words come in its dict.js, loaded when the reader turns 查词 on. With the keyboard, each block
   is one Tab stop and the arrow keys go from word to word. Entries are written with textContent only. */
(function () {
  "use strict";
  var KEY = "ed-dict";
  var root = document.documentElement;
  var SKIP = ".ed-ui, .headerlink, button, rt";
  var store = {
    get: function (k) { try { return window.localStorage.getItem(k); } catch (e) { return null; } },
    set: function (k, v) { try { window.localStorage.setItem(k, v); } catch (e) { /* private mode */ } }
  };
  var state = 0, waiting = [];  // 0 not requested, 1 loading, 2 ready, 3 unavailable
  var current = null;  // {el, index}
  var pop = document.createElement("div");
  pop.className = "ed-popover ed-dict-pop";
  pop.id = "ed-dict-pop";
  pop.setAttribute("aria-live", "polite");
  pop.hidden = true;

  function on() { return root.classList.contains("ed-dict-on"); }
  function data() { return window.__edDict || { b: {}, e: [] }; }

  function load(then) {
    if (state === 2) return then();
    if (state === 3) return;
    waiting.push(then);
    if (state === 1) return;
    state = 1;
    var s = document.createElement("script");
    s.src = "dict.js";  // beside the article's page, online and in the file:// bundle
    s.onload = function () {
      state = window.__edDict ? 2 : 3;
      var w = waiting; waiting = [];
      if (state === 2) w.forEach(function (f) { f(); });
    };
    s.onerror = function () { state = 3; waiting = []; };
    document.head.appendChild(s);
  }

  function blocks() {
    var main = document.querySelector(".md-content"), out = [];
    if (!main) return out;
    Object.keys(data().b).forEach(function (anchor) {
      var el = document.getElementById(anchor);
      if (el && main.contains(el)) out.push(el);
    });
    return out;
  }

  // The block's text as the data counts it: its text nodes, less labels, buttons and readings.
  function pieces(el) {
    var out = [], at = 0;
    var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        var p = n.parentElement, skip = p && p.closest(SKIP);
        return skip && el.contains(skip) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    while (walker.nextNode()) {
      var n = walker.currentNode, len = Array.from(n.data).length;
      out.push({ node: n, start: at, len: len });
      at += len;
    }
    return out;
  }

  // Offsets count characters (code points) as the generator does; a DOM offset counts UTF-16 units.
  function domOffset(text, chars) { return Array.from(text).slice(0, chars).join("").length; }
  function charOffset(text, units) { return Array.from(text.slice(0, units)).length; }

  function rangeOf(el, start, end) {
    var ps = pieces(el), r = document.createRange(), s = null, e = null;
    ps.forEach(function (p) {
      if (!s && start < p.start + p.len) s = [p.node, domOffset(p.node.data, start - p.start)];
      if (end > p.start && end <= p.start + p.len) e = [p.node, domOffset(p.node.data, end - p.start)];
    });
    if (!s || !e) return null;
    r.setStart(s[0], s[1]);
    r.setEnd(e[0], e[1]);
    return r;
  }

  function row(cls, text, lang) {
    var span = document.createElement("span");
    span.className = cls;
    span.textContent = text;
    if (lang) span.lang = lang;
    return span;
  }

  function show(el, index) {
    var span = data().b[el.id][index], entry = data().e[span[2]];
    var range = rangeOf(el, span[0], span[0] + span[1]);
    if (!range) return;
    current = { el: el, index: index };
    pop.textContent = "";
    var head = document.createElement("div");
    head.className = "ed-dict-head";
    var shown = range.cloneContents();  // the word as this edition writes it, without its readings
    shown.querySelectorAll("rt").forEach(function (rt) { rt.parentNode.removeChild(rt); });
    head.appendChild(row("ed-dict-word", shown.textContent || entry[0]));
    head.appendChild(row("ed-dict-py", entry[2], "zh-Latn-pinyin"));
    if (entry[1] && entry[1] !== entry[0]) head.appendChild(row("ed-dict-other", entry[1]));
    pop.appendChild(head);
    if (entry[4]) {
      var gloss = document.createElement("p");
      gloss.className = "ed-dict-gloss";
      gloss.textContent = entry[4];
      pop.appendChild(gloss);
    }
    var list = document.createElement("ol");
    list.className = "ed-dict-senses";
    list.lang = "en";
    entry[3].forEach(function (s) { var li = document.createElement("li"); li.textContent = s; list.appendChild(li); });
    pop.appendChild(list);
    pop.appendChild(row("ed-dict-source", "CC-CEDICT"));
    pop.hidden = false;
    if (window.CSS && CSS.highlights && window.Highlight) CSS.highlights.set("ed-word", new Highlight(range));
    var r = range.getBoundingClientRect();
    var left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - pop.offsetWidth - 8));
    pop.style.left = left + "px";
    pop.style.top = (r.bottom + window.scrollY + 6) + "px";
  }

  function hide() {
    pop.hidden = true;
    current = null;
    if (window.CSS && CSS.highlights) CSS.highlights.delete("ed-word");
  }

  function caret(x, y) {
    if (document.caretPositionFromPoint) {
      var p = document.caretPositionFromPoint(x, y);
      return p && [p.offsetNode, p.offset];
    }
    var r = document.caretRangeFromPoint && document.caretRangeFromPoint(x, y);
    return r && [r.startContainer, r.startOffset];
  }

  // The word under a point: the character whose box holds the point, then the word around it.
  function wordAt(el, x, y) {
    var c = caret(x, y);
    if (!c) return -1;
    var node = c[0], off = c[1];
    var rt = node.parentElement && node.parentElement.closest("rt");
    if (rt) { node = rt.parentNode.firstChild; off = 0; }
    var ps = pieces(el), hit = null;
    ps.forEach(function (p) { if (p.node === node) hit = p; });
    if (!hit) return -1;
    var at = hit.start + charOffset(node.data, off);
    // A caret stands between characters: take the one whose box contains the point.
    var probe = rangeOf(el, at, at + 1);
    if (probe) {
      var b = probe.getBoundingClientRect();
      if (x < b.left && at > 0) at -= 1;
    }
    var spans = data().b[el.id];
    for (var i = 0; i < spans.length; i++) if (at >= spans[i][0] && at < spans[i][0] + spans[i][1]) return i;
    return -1;
  }

  function onClick(e) {
    if (!on() || state !== 2) return;
    if (pop.contains(e.target)) return;
    var el = e.target.closest && e.target.closest("[data-ed-dict]");
    if (!el || e.target.closest(".ed-ui, button")) { if (!pop.contains(e.target)) hide(); return; }
    e.preventDefault();
    e.stopPropagation();  // in 查词 mode a tap on a term looks it up; it does not open the glossary
    var i = wordAt(el, e.clientX, e.clientY);
    if (i < 0) { hide(); return; }
    show(el, i);
  }

  function onKey(e) {
    var el = e.target;
    if (!on() || !el.hasAttribute || !el.hasAttribute("data-ed-dict")) return;
    var spans = data().b[el.id], all = blocks(), k = all.indexOf(el);
    var i = current && current.el === el ? current.index : -1;
    if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
      i = e.key === "ArrowRight" ? Math.min(spans.length - 1, i + 1) : Math.max(0, i < 0 ? 0 : i - 1);
      if (spans.length) show(el, i);
    } else if ((e.key === "ArrowDown" || e.key === "ArrowUp") && all[k + (e.key === "ArrowDown" ? 1 : -1)]) {
      var next = all[k + (e.key === "ArrowDown" ? 1 : -1)];
      next.focus();
      if (data().b[next.id].length) show(next, 0); else hide();
    } else if (e.key === "Escape") {
      hide();
      return;
    } else {
      return;
    }
    e.preventDefault();
  }

  function apply(value) {
    root.classList.toggle("ed-dict-on", value);
    if (!document.querySelector(".md-content .ed-block")) return;  // not an article
    if (!value) {
      hide();
      blocks().forEach(function (el) { el.removeAttribute("data-ed-dict"); el.removeAttribute("tabindex"); });
      return;
    }
    load(function () {
      if (!on()) return;
      blocks().forEach(function (el) {
        el.setAttribute("data-ed-dict", "");
        el.tabIndex = 0;
      });
    });
  }

  function init() {
    document.body.appendChild(pop);
    var box = document.querySelector(".ed-toolbar input[data-dict]");
    var value = store.get(KEY) === "1";
    if (box) {
      box.checked = value;
      box.addEventListener("change", function () {
        store.set(KEY, box.checked ? "1" : "0");
        apply(box.checked);
      });
    }
    document.addEventListener("click", onClick, true);
    // In 查词 mode a term or a figure is a word like any other: its own popover stays closed.
    ["mouseenter", "focus"].forEach(function (type) {
      document.addEventListener(type, function (e) {
        var t = e.target;
        if (on() && state === 2 && t.closest && t.closest(".ed-mark") && t.closest("[data-ed-dict]")) e.stopPropagation();
      }, true);
    });
    document.addEventListener("keydown", onKey);
    if (value) apply(true);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
