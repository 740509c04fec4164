/* Search for this edition, answered in the page from assets/search-index.js.

   Material's search box, dialog and keyboard handling stay; its lunr worker does not run.
   Material asks a Worker for results (messages SETUP, READY, QUERY, RESULT). The search
   worker it creates is replaced by a stand-in, which is why this script is one of the
   theme's polyfills: it must run before Material's bundle, which creates the worker as
   it runs. The stand-in loads the index as a classic script (so file:// needs no request
   API) and renders the results itself with Material's classes and markup. Every text
   reaches the DOM as text nodes: Material's own renderer takes HTML strings, and
   annotation text is untrusted.

   Matching: the index's texts are folded (whitespace dropped, NFKD, no combining marks,
   lower case, every script's form of a Han character mapped to one by the index's table)
   and cut into pairs of adjacent characters; a query is folded alike, its pairs select
   the candidates and the phrase is verified in each. generator/mkdocs/search.py explains why. */
(function () {
  "use strict";
  var here = document.currentScript ? document.currentScript.src : "";
  /* Material's configuration; it is written after this script (which runs in the head,
     before Material's bundle creates its worker), so it is read on first use. */
  var cfg = null;
  function config() {
    if (cfg) return cfg;
    var node = document.getElementById("__config");
    try { cfg = node ? JSON.parse(node.textContent) : null; } catch (e) { cfg = null; }
    return cfg || {};
  }
  var MORE_AFTER = 3;  // links shown for one page before the rest fold away, as in Material
  var RESULTS_AT_ONCE = 10;  // pages of results rendered at a time, as in Material
  var SPANS = 100;  // occurrences of a query looked at in one place

  /* ---- Folding ---- */
  var IGNORED = /[\s\u200b\u200c\u200d\ufeff]/;
  var MARKS = /[\u0300-\u036f]/g;
  var PLAIN = /[a-z0-9\u4e00-\u9fff]/;
  function foldChar(ch, table) {
    if (IGNORED.test(ch)) return "";
    if (PLAIN.test(ch)) return table[ch] || ch;
    var d = ch.normalize("NFKD").replace(MARKS, "").toLowerCase(), out = "";
    for (var c of d) out += table[c] || c;
    return out;
  }
  /* The folded text and, for each of its code units, the index of the character of the
     original text it came from (one past the end for the sentinel). */
  function fold(text, table) {
    var out = "", at = [], i = 0;
    for (var ch of text) {
      var f = foldChar(ch, table);
      out += f;
      for (var k = 0; k < f.length; k++) at.push(i);
      i += ch.length;
    }
    at.push(text.length);
    return { s: out, at: at };
  }

  /* Where in the original text a match of the folded text ends (not where the next
     folded character starts: whitespace between them is not part of the match). */
  function end(doc, start, len) {
    var last = doc.at[start + len - 1];
    return last + String.fromCodePoint(doc.text.codePointAt(last)).length;
  }

  /* ---- The engine ---- */
  function Engine(data) {
    this.pages = data.pages;
    this.table = data.fold || {};
    this.docs = data.docs.map(function (d, i) {
      return { id: i, page: d[0], anchor: d[1], kind: d[2], head: d[3], text: d[4] };
    });
    var grams = this.grams = new Map();
    var table = this.table;
    this.docs.forEach(function (doc) {
      var f = fold(doc.text, table);
      doc.folded = f.s;
      doc.at = f.at;
      for (var i = 0; i + 1 < f.s.length; i++) {
        var g = f.s.substr(i, 2), list = grams.get(g);
        if (!list) grams.set(g, [doc.id]);
        else if (list[list.length - 1] !== doc.id) list.push(doc.id);
      }
    });
  }
  Engine.prototype.candidates = function (phrase) {
    if (phrase.length < 2) return null;  // one character: every document is a candidate
    var lists = [];
    for (var i = 0; i + 1 < phrase.length; i++) {
      var list = this.grams.get(phrase.substr(i, 2));
      if (!list) return [];
      lists.push(list);
    }
    lists.sort(function (a, b) { return a.length - b.length; });
    return lists.slice(1).reduce(function (acc, list) {
      var set = new Set(list);
      return acc.filter(function (id) { return set.has(id); });
    }, lists[0]);
  };
  var ALNUM = /[\p{L}\p{N}]/u;
  var HAN = /\p{Script=Han}/u;
  /* A match in the middle of a longer Latin word or number ("3.6" inside "353.6") is
     worth less than one standing on its own. */
  Engine.prototype.whole = function (doc, start, len) {
    var first = doc.folded[start], last = doc.folded[start + len - 1];
    var i = doc.at[start], j = end(doc, start, len);
    var prev = Array.from(doc.text.slice(Math.max(0, i - 2), i)).pop() || "";
    var next = Array.from(doc.text.slice(j, j + 2))[0] || "";
    var edge = function (inside, outside) {
      return HAN.test(inside) || !ALNUM.test(inside) || !ALNUM.test(outside) || HAN.test(outside);
    };
    return edge(first, prev) && edge(last, next);
  };
  Engine.prototype.match = function (phrases) {
    var self = this, ids = null;
    phrases.forEach(function (p) {
      var c = self.candidates(p);
      if (c === null) return;
      if (ids === null) { ids = c; return; }
      var set = new Set(c);
      ids = ids.filter(function (id) { return set.has(id); });
    });
    var pool = ids === null ? this.docs : ids.map(function (id) { return self.docs[id]; });
    var hits = [];
    pool.forEach(function (doc) {
      var count = 0, whole = true, spans = [];
      for (var k = 0; k < phrases.length; k++) {
        var p = phrases[k], n = 0, anyWhole = false;
        // Up to SPANS occurrences are kept: enough for the count, the snippet and the marks.
        for (var at = doc.folded.indexOf(p); at !== -1 && n < SPANS; at = doc.folded.indexOf(p, at + 1)) {
          n++;
          spans.push([at, p.length, k]);
          if (!anyWhole && self.whole(doc, at, p.length)) anyWhole = true;
        }
        if (!n) return;
        count += Math.min(n, 3);
        whole = whole && anyWhole;
      }
      // Whole words first, then articles before glossary entries before figures, then
      // the more often the query stands in the place; ties keep the reading order.
      var score = (whole ? 10000 : 0) + (2 - doc.kind) * 1000 + count * 10;
      hits.push({ doc: doc, score: score, spans: spans });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.doc.id - b.doc.id; });
    return hits;
  };
  Engine.prototype.search = function (query) {
    var table = this.table;
    var compact = fold(query, table).s;
    if (!compact) return { hits: [], terms: [] };
    var hits = this.match([compact]), terms = [compact];
    var parts = query.split(/\s+/).map(function (q) { return fold(q, table).s; }).filter(Boolean);
    if (!hits.length && parts.length > 1) {
      // No phrase: every word of the query, anywhere in the same place.
      terms = parts;
      hits = this.match(parts);
    }
    return { hits: hits, terms: terms };
  };

  /* ---- Results, with Material's classes ---- */
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  var STOPS = "。！？；!?;\n";
  /* One match's sentence, clipped around it when long: [start, end, clipped before, after]. */
  function sentence(text, r, room) {
    var a = r[0], b = r[1];
    while (a > 0 && STOPS.indexOf(text[a - 1]) === -1) a--;
    while (b < text.length && STOPS.indexOf(text[b - 1]) === -1) b++;
    while (a < r[0] && "”’」』）)".indexOf(text[a]) !== -1) a++;  // the close of the sentence before
    var lead = false, tail = false;
    if (r[0] - a > room / 3) {
      a = r[0] - Math.floor(room / 4);
      lead = true;
      while (a < r[0] && /[A-Za-z]/.test(text[a - 1] || "") && /[A-Za-z]/.test(text[a])) a++;  // not mid-word
    }
    if (b - a > room) { b = Math.max(r[1], a + room - 10); tail = true; }
    return [a, b, lead, tail];
  }
  /* The sentence with the most of the query's words (the first such), every match in it
     marked; when the words stand in different sentences, one fragment more for each. */
  function snippet(hit) {
    var doc = hit.doc, text = doc.text;
    var ranges = hit.spans.map(function (s) { return [doc.at[s[0]], end(doc, s[0], s[1]), s[2]]; })
      .sort(function (x, y) { return x[0] - y[0]; });
    var missing = new Set(ranges.map(function (r) { return r[2]; }));
    var room = missing.size > 1 ? 70 : 120;
    var frags = [];
    while (missing.size && frags.length < 3) {
      var best = null, bestCount = 0;
      ranges.forEach(function (r) {
        if (!missing.has(r[2])) return;
        var f = sentence(text, r, room);
        var terms = new Set(ranges.filter(function (q) { return q[0] >= f[0] && q[1] <= f[1]; })
          .map(function (q) { return q[2]; }).filter(function (t) { return missing.has(t); }));
        if (terms.size > bestCount) { best = f; bestCount = terms.size; best.terms = terms; }
      });
      if (!best) break;
      best.terms.forEach(function (t) { missing.delete(t); });
      frags.push(best);
    }
    frags.sort(function (x, y) { return x[0] - y[0]; });
    var p = el("p");
    frags.forEach(function (f, i) {
      if (i > 0 && f[0] < frags[i - 1][1]) f[0] = frags[i - 1][1];  // overlapping: go on where it ended
      if (f[2] || (i > 0 && !frags[i - 1][3])) p.appendChild(document.createTextNode("…"));
      var pos = f[0];
      ranges.forEach(function (r) {
        if (r[0] < pos || r[1] > f[1]) return;
        if (r[0] > pos) p.appendChild(document.createTextNode(text.slice(pos, r[0])));
        p.appendChild(el("mark", "", text.slice(r[0], r[1])));
        pos = r[1];
      });
      if (f[1] > pos) p.appendChild(document.createTextNode(text.slice(pos, f[1])));
      if (f[3]) p.appendChild(document.createTextNode("…"));
    });
    return p;
  }
  function label(engine, doc) {
    var n = /^p(\d+)$/.exec(doc.anchor);
    var parts = [];
    if (doc.head) parts.push(doc.head);
    if (n) parts.push("¶" + n[1]);
    return parts.join(" ") || engine.pages[doc.page][1];
  }
  function href(engine, hit) {
    var root = new URL((config().base || ".") + "/", window.location.href);
    var url = new URL(engine.pages[hit.doc.page][0], root);
    var seen = [];
    hit.spans.forEach(function (s) {
      var t = hit.doc.text.slice(hit.doc.at[s[0]], end(hit.doc, s[0], s[1])).replace(/\s+/g, "");
      if (seen.indexOf(t) === -1) seen.push(t);
    });
    url.searchParams.set("hl", seen.join(" "));
    url.hash = hit.doc.anchor;
    return url.href;
  }
  function link(engine, hit, score, parent) {
    var a = el("a", "md-search-result__link");
    a.href = href(engine, hit);
    a.tabIndex = -1;
    var art = el("article", "md-search-result__article md-typeset");
    art.setAttribute("data-md-score", String(score));  // Enter opens the highest: the first
    if (parent) {
      art.appendChild(el("div", "md-search-result__icon md-icon"));
      var title = engine.pages[hit.doc.page][1];
      var own = hit.doc.kind === 0 ? "" : hit.doc.head;
      art.appendChild(el("h1", "", own ? title + " · " + own : title));
    } else {
      art.appendChild(el("h2", "", label(engine, hit.doc)));
    }
    art.appendChild(snippet(hit));
    a.appendChild(art);
    return a;
  }
  function say(key, n) {
    return ((config().translations || {})[key] || "").replace("#", String(n));
  }
  function item(engine, g, rank) {
    var li = el("li", "md-search-result__item");
    g.forEach(function (h, i) {
      if (i === MORE_AFTER) {
        var details = el("details", "md-search-result__more");
        var summary = el("summary");
        summary.tabIndex = -1;
        var n = g.length - MORE_AFTER;
        summary.appendChild(el("div", "", n === 1 ? say("search.result.more.one") : say("search.result.more.other", n)));
        details.appendChild(summary);
        li.appendChild(details);
      }
      (i < MORE_AFTER ? li : li.lastChild).appendChild(link(engine, h, rank - i, i === 0));
    });
    return li;
  }
  var watcher = null;  // brings the next results in as the reader scrolls to the last shown
  function render(engine, query) {
    var box = document.querySelector("[data-md-component=search-result]");
    if (!box) return;
    var meta = box.querySelector(".md-search-result__meta");
    var list = box.querySelector(".md-search-result__list");
    if (watcher) { watcher.disconnect(); watcher = null; }
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!query.trim()) { meta.textContent = say("search.result.placeholder"); return; }
    var hits = engine ? engine.search(query).hits : [];
    var groups = [], byPage = new Map();
    hits.forEach(function (h) {
      var g = byPage.get(h.doc.page);
      if (!g) { g = []; byPage.set(h.doc.page, g); groups.push(g); }
      g.push(h);
    });
    meta.textContent = groups.length === 0 ? say("search.result.none")
      : groups.length === 1 ? say("search.result.one") : say("search.result.other", groups.length);
    // Scores fall in the order shown, so that Enter (Material's: the highest) opens the first.
    var ranks = [], rank = hits.length;
    groups.forEach(function (g) { ranks.push(rank); rank -= g.length; });
    var shown = 0;
    var more = function () {
      var end = Math.min(groups.length, shown + RESULTS_AT_ONCE);
      for (; shown < end; shown++) list.appendChild(item(engine, groups[shown], ranks[shown]));
      if (shown < groups.length && "IntersectionObserver" in window) {
        watcher = new IntersectionObserver(function (entries) {
          if (!entries.some(function (e) { return e.isIntersecting; })) return;
          watcher.disconnect();
          watcher = null;
          more();
        });
        watcher.observe(list.lastChild);
      }
    };
    more();
  }

  /* ---- Loading the index ---- */
  var engine = null, state = 0, waiting = [];  // state: 0 not requested, 1 loading, 2 done
  function load(then) {
    if (then) waiting.push(then);
    if (state === 2) { while (waiting.length) waiting.shift()(); return; }
    if (state === 1 || !here) return;
    state = 1;
    var s = document.createElement("script");
    s.src = here.replace(/edition-search\.js(\?.*)?$/, "search-index.js");
    s.onload = s.onerror = function () {
      var t0 = window.performance.now();
      try { engine = window.__edSearch ? new Engine(window.__edSearch) : null; } catch (e) { engine = null; }
      if (engine) engine.buildMs = window.performance.now() - t0;  // read by bench/search.py
      window.__edSearchEngine = engine;
      state = 2;
      load(null);
    };
    document.head.appendChild(s);
  }

  /* ---- The stand-in for Material's search worker ---- */
  var SETUP = 0, READY = 1, QUERY = 2;
  function StandIn() {
    var target = new EventTarget();
    this.addEventListener = target.addEventListener.bind(target);
    this.removeEventListener = target.removeEventListener.bind(target);
    this.dispatchEvent = target.dispatchEvent.bind(target);
  }
  StandIn.prototype.postMessage = function (message) {
    var self = this;
    if (message && message.type === SETUP) {
      var ready = function () {
        setTimeout(function () { self.dispatchEvent(new MessageEvent("message", { data: { type: READY } })); }, 0);
      };
      // Online, Material sets up its search as the page opens: the index waits for the page.
      if (document.readyState === "complete") load(ready);
      else window.addEventListener("load", function () { load(ready); });
    } else if (message && message.type === QUERY && typeof message.data === "string") {
      render(engine, message.data);
    }
  };
  StandIn.prototype.terminate = function () {};
  var Native = window.Worker;
  if (Native) {
    var Wrapped = function (url, options) {
      if (String(url) === config().search) return new StandIn();
      return new Native(url, options);
    };
    Wrapped.prototype = Native.prototype;
    window.Worker = Wrapped;
  }

  /* ---- Arriving from a result: mark the query in the paragraph or entry ---- */
  function markArrival() {
    var params = new URLSearchParams(window.location.search);
    var wanted = (params.get("hl") || "").split(" ").filter(Boolean);
    var id = "";
    try { id = decodeURIComponent(window.location.hash.slice(1)); } catch (e) { return; }
    var target = id ? document.getElementById(id) : null;
    if (!wanted.length || !target) return;
    var nodes = [], text = "";
    var walker = document.createTreeWalker(target, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) { return n.parentElement.closest(".ed-ui, .headerlink") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT; }
    });
    for (var n = walker.nextNode(); n; n = walker.nextNode()) { nodes.push({ node: n, start: text.length }); text += n.data; }
    var f = fold(text, {});
    var ranges = [];
    wanted.forEach(function (w) {
      var q = fold(w, {}).s;
      for (var at = f.s.indexOf(q); q && at !== -1; at = f.s.indexOf(q, at + q.length)) {
        var last = f.at[at + q.length - 1];
        ranges.push([f.at[at], last + String.fromCodePoint(text.codePointAt(last)).length]);
      }
    });
    ranges.sort(function (a, b) { return b[0] - a[0]; });  // from the end, so earlier offsets hold
    ranges.forEach(function (r) {
      for (var i = nodes.length - 1; i >= 0; i--) {
        var item = nodes[i], len = item.node.data.length;
        var a = Math.max(r[0], item.start), b = Math.min(r[1], item.start + len);
        if (a >= b) continue;
        var range = document.createRange();
        range.setStart(item.node, a - item.start);
        range.setEnd(item.node, b - item.start);
        var mark = document.createElement("mark");
        mark.className = "ed-search-hit";
        range.surroundContents(mark);
      }
    });
    target.setAttribute("data-search-target", "");
    var first = target.querySelector("mark.ed-search-hit");
    // After the browser's own scroll to the anchor, which shows the top of a long paragraph:
    // the reader is brought to the words they searched for.
    var show = function () { setTimeout(function () { (first || target).scrollIntoView({ block: "center" }); }, 0); };
    if (document.readyState === "complete") show(); else window.addEventListener("load", show);
  }

  function start() {
    markArrival();
    // Load the index once the page is idle, so that the first query need not wait for it.
    window.addEventListener("load", function () { setTimeout(function () { load(null); }, 200); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
