/* 拼音: readings over the article text, for readers learning Chinese.
   The page ships no ruby: when the reader turns 拼音 on, the article's pinyin.js (one string of
   syllables per block, one syllable per Chinese character) is loaded and the ruby is built here
   with createElement and textContent only. Turning it off restores the text nodes as they were. */
(function () {
  "use strict";
  var KEY = "ed-pinyin";
  var root = document.documentElement;
  var HAN = /[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]/u;
  var SKIP = ".ed-ui, .headerlink, button, rt, script, style";
  var store = {
    get: function (k) { try { return window.localStorage.getItem(k); } catch (e) { return null; } },
    set: function (k, v) { try { window.localStorage.setItem(k, v); } catch (e) { /* private mode */ } }
  };
  var state = 0;  // 0 not requested, 1 loading, 2 ready, 3 unavailable
  var waiting = [];

  function content() { return document.querySelector(".md-content"); }

  function load(then) {
    if (state === 2) return then();
    if (state === 3) return;
    waiting.push(then);
    if (state === 1) return;
    state = 1;
    var s = document.createElement("script");
    s.src = "pinyin.js";  // beside the article's page, online and in the file:// bundle
    s.onload = function () {
      state = window.__edPinyin ? 2 : 3;
      var w = waiting; waiting = [];
      if (state === 2) w.forEach(function (f) { f(); });
    };
    s.onerror = function () { state = 3; waiting = []; };
    document.head.appendChild(s);
  }

  function textNodes(el) {
    var out = [];
    var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        var p = n.parentElement;
        return p && p.closest(SKIP) && el.contains(p.closest(SKIP)) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    while (walker.nextNode()) out.push(walker.currentNode);
    return out;
  }

  function annotate(el, readings) {
    if (el.hasAttribute("data-py-on")) return;
    var syl = readings ? readings.split(" ") : [];
    var nodes = textNodes(el);
    var count = 0;
    nodes.forEach(function (n) { Array.from(n.data).forEach(function (c) { if (HAN.test(c)) count++; }); });
    if (count !== syl.length) { el.setAttribute("data-py-mismatch", count + "/" + syl.length); return; }
    var k = 0;
    nodes.forEach(function (n) {
      var frag = document.createDocumentFragment(), run = "";
      Array.from(n.data).forEach(function (c) {
        if (!HAN.test(c)) { run += c; return; }
        if (run) { frag.appendChild(document.createTextNode(run)); run = ""; }
        var ruby = document.createElement("ruby"), rt = document.createElement("rt");
        ruby.className = "ed-py";
        ruby.appendChild(document.createTextNode(c));
        rt.textContent = syl[k++];
        ruby.appendChild(rt);
        frag.appendChild(ruby);
      });
      if (run) frag.appendChild(document.createTextNode(run));
      n.parentNode.replaceChild(frag, n);
    });
    el.setAttribute("data-py-on", "");
  }

  function strip(el) {
    el.querySelectorAll("ruby.ed-py").forEach(function (ruby) {
      ruby.parentNode.replaceChild(document.createTextNode(ruby.firstChild.data), ruby);
    });
    el.normalize();
    el.removeAttribute("data-py-on");
  }

  function blocks() {
    var main = content(), data = window.__edPinyin || {}, out = [];
    if (!main) return out;
    Object.keys(data).forEach(function (anchor) {
      var el = document.getElementById(anchor);
      if (el && main.contains(el)) out.push([el, data[anchor]]);
    });
    return out;
  }

  function apply(on) {
    root.classList.toggle("ed-pinyin-on", on);
    if (!document.querySelector(".md-content .ed-block")) return;  // not an article
    if (on) {
      load(function () {
        if (!root.classList.contains("ed-pinyin-on")) return;
        blocks().forEach(function (b) { annotate(b[0], b[1]); });
      });
    } else if (state === 2) {
      blocks().forEach(function (b) { strip(b[0]); });
    }
  }

  // Copying with pinyin shown copies the Chinese only: the selection without its readings.
  function onCopy(e) {
    var sel = window.getSelection();
    if (!root.classList.contains("ed-pinyin-on") || !sel || !sel.rangeCount || !e.clipboardData) return;
    var holder = document.createElement("div"), touched = false;
    holder.className = "md-typeset ed-py-copy";
    for (var i = 0; i < sel.rangeCount; i++) holder.appendChild(sel.getRangeAt(i).cloneContents());
    holder.querySelectorAll("rt").forEach(function (rt) { touched = true; rt.parentNode.removeChild(rt); });
    if (!touched) return;
    document.body.appendChild(holder);  // innerText needs a rendered element for its line breaks
    var text = holder.innerText;
    document.body.removeChild(holder);
    e.clipboardData.setData("text/plain", text);
    e.preventDefault();
  }

  function init() {
    var box = document.querySelector(".ed-toolbar input[data-pinyin]");
    var on = store.get(KEY) === "1";
    if (box) {
      box.checked = on;
      box.addEventListener("change", function () {
        store.set(KEY, box.checked ? "1" : "0");
        apply(box.checked);
      });
    }
    document.addEventListener("copy", onCopy);
    if (on) afterHighlight(function () { apply(true); });
  }

  // Arriving from a search result (?h=…), Material marks the words found once its index has
  // loaded; it matches within single text nodes, so the ruby waits for it (or for 3 seconds).
  function afterHighlight(then) {
    var main = content();
    var query = new URLSearchParams(window.location.search).get("h");
    if (!query || !main || !window.MutationObserver || main.querySelector("mark[data-md-highlight]")) return then();
    var done = false;
    var finish = function () { if (!done) { done = true; watch.disconnect(); then(); } };
    var watch = new MutationObserver(function () {
      if (main.querySelector("mark[data-md-highlight]")) setTimeout(finish, 0);
    });
    watch.observe(main, { childList: true, subtree: true });
    setTimeout(finish, 3000);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
