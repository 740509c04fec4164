/* Search for this edition, answered in the page from assets/search/ (a bootstrap and shards).

   Material's search box, dialog and keyboard handling stay; its lunr worker does not run.
   Material asks a Worker for results (messages SETUP, READY, QUERY, RESULT). The search
   worker it creates is replaced by a stand-in, which is why this script is one of the
   theme's polyfills: it must run before Material's bundle, which creates the worker as
   it runs. The stand-in loads the index's parts as classic scripts (so file:// needs no
   request API), only those a query needs, and renders the results itself with Material's
   classes and markup. Every text reaches the DOM as text nodes: Material's own renderer
   takes HTML strings, and annotation text is untrusted.

   Matching: the texts are folded (whitespace dropped, NFKD, no combining marks, lower
   case, every script's form of a Han character mapped to one by the index's table) and
   cut into pairs of adjacent characters, posted with their positions at build time; a
   query is folded alike here, its pairs' postings give the places where the whole phrase
   stands. generator/mkdocs/search.py explains why. */
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

  /* ---- Loading: the bootstrap, then the shards a query needs ---- */
  /* Every part of the index is a classic script that registers itself here (so file://
     needs no request API, and http:// takes the same path). A part is requested once;
     a part that fails to load counts as empty. */
  var folder = here.replace(/edition-search\.js(\?.*)?$/, "search/");
  var got = Object.create(null), waiting = Object.create(null);
  window.__edSearchAdd = function (name, data) { got[name] = data; };
  /* Calls then() once every named part is in: at once, in the caller's task, when they
     already are (so a query over loaded parts renders within its keyup). */
  function need(names, then) {
    var left = 1;
    var done = function () { if (--left === 0) then(); };
    names.forEach(function (name) {
      if (name in got || !folder) return;
      left++;
      if (waiting[name]) { waiting[name].push(done); return; }
      waiting[name] = [done];
      var s = document.createElement("script");
      s.src = folder + name;
      s.onload = s.onerror = function () {
        if (!(name in got)) got[name] = null;
        var list = waiting[name];
        delete waiting[name];
        list.forEach(function (f) { f(); });
      };
      document.head.appendChild(s);
    });
    done();
  }

  /* ---- The engine ----
     The bootstrap (search/index.js) lists each page's documents' kinds, the folding table
     and where each shard begins: the postings of a range of pairs (in the order the
     browser compares strings), and the texts of a range of documents with their pages'
     addresses and titles. A query loads the shards holding its pairs, is answered from
     their positions (the phrase verified by adjacent positions, whole words by flags, see
     generator/mkdocs/search.py), and the texts of the results shown are loaded for their
     snippets and links. */
  var LAST = "0123456789ABCDEFGHIJKLMNOPQRSTUV", MORE = "WXYZabcdefghijklmnopqrstuvwxyz-_";
  var DIGIT = new Int8Array(128).fill(-1);
  for (var d = 0; d < 32; d++) { DIGIT[LAST.charCodeAt(d)] = d; DIGIT[MORE.charCodeAt(d)] = d + 32; }
  /* One pair's postings: document → its occurrences, each position × 8 + flags. */
  function decode(s) {
    var out = new Map(), i = 0, doc = 0;
    var next = function () {
      for (var v = 0; ;) {
        var g = DIGIT[s.charCodeAt(i++)];
        if (g < 32) return v * 32 + g;
        v = v * 32 + g - 32;
      }
    };
    while (i < s.length) {
      doc += next();
      var n = next(), pos = 0, occ = new Array(n);
      for (var k = 0; k < n; k++) {
        var v = next();
        pos += Math.floor(v / 2);
        occ[k] = pos * 8 + (v % 2 ? next() : 7);
      }
      out.set(doc, occ);
    }
    return out;
  }
  /* The last i with firsts[i] <= x: the shard whose range holds x. */
  function find(firsts, x) {
    var lo = 0, hi = firsts.length - 1, at = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (firsts[mid] <= x) { at = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return at;
  }
  var END = "\u0000";  // the key of a document's last character: that character, then END
  function Engine(data) {
    this.table = data.fold || {};
    this.dir = data.dir + "/";
    this.keyShards = data.keyShards;
    this.docShards = data.docShards;
    var kinds = this.kinds = new Uint8Array(data.docs), page = this.page = new Uint32Array(data.docs), id = 0;
    data.pages.forEach(function (runs, i) {
      runs.forEach(function (run) {
        for (var k = 0; k < run[1]; k++, id++) { kinds[id] = run[0]; page[id] = i; }
      });
    });
    this.postings = new Map();
    this.docs = new Map();
    this.named = new Map();  // page → [address, title], from the shards of texts loaded
  }
  /* The pairs a phrase is looked up by; a single character reads every pair it begins
     (its range in the shards' order: from the character to the character then U+FFFF twice). */
  Engine.prototype.keyFiles = function (phrase, into) {
    var cps = Array.from(phrase), self = this;
    var add = function (i) { into.add(self.dir + "k" + i + ".js"); };
    if (cps.length === 1) {
      for (var i = find(this.keyShards, cps[0]), j = find(this.keyShards, cps[0] + "\uffff\uffff"); i <= j; i++) add(i);
    } else {
      for (var k = 0; k + 1 < cps.length; k++) add(find(this.keyShards, cps[k] + cps[k + 1]));
    }
  };
  Engine.prototype.posting = function (key) {
    var list = this.postings.get(key);
    if (list) return list;
    var shard = got[this.dir + "k" + find(this.keyShards, key) + ".js"];
    list = shard && Object.prototype.hasOwnProperty.call(shard, key) ? decode(shard[key]) : new Map();
    this.postings.set(key, list);
    return list;
  };
  /* Where a phrase stands: document → {n: occurrences, whole: one of them a whole word}. */
  Engine.prototype.occurrences = function (phrase) {
    var cps = Array.from(phrase), out = new Map(), self = this;
    if (cps.length === 1) {
      var c = cps[0], lo = find(this.keyShards, c), hi = find(this.keyShards, c + "\uffff\uffff");
      for (var i = lo; i <= hi; i++) {
        var shard = got[this.dir + "k" + i + ".js"];
        if (!shard) continue;
        Object.keys(shard).forEach(function (key) {
          if (key.slice(0, c.length) !== c || Array.from(key).length !== 2) return;
          self.posting(key).forEach(function (occ, doc) {
            var r = out.get(doc) || { n: 0, whole: false };
            r.n += occ.length;
            for (var k = 0; k < occ.length && !r.whole; k++) r.whole = (occ[k] & 3) === 3;
            out.set(doc, r);
          });
        });
      }
      return out;
    }
    var lists = [];
    for (var k = 0; k + 1 < cps.length; k++) lists.push(this.posting(cps[k] + cps[k + 1]));
    var smallest = lists.reduce(function (a, b) { return b.size < a.size ? b : a; });
    var last = lists.length - 1;
    smallest.forEach(function (_, doc) {
      var occs = [];
      for (var j = 0; j < lists.length; j++) {
        var o = lists[j].get(doc);
        if (!o) return;
        occs.push(o);
      }
      // Positions of the later pairs, with their flags.
      var at = occs.slice(1).map(function (o) {
        var m = new Map();
        o.forEach(function (v) { m.set(Math.floor(v / 8), v % 8); });
        return m;
      });
      var n = 0, whole = false;
      occs[0].forEach(function (v) {
        var p = Math.floor(v / 8);
        for (var j = 1; j <= last; j++) if (!at[j - 1].has(p + j)) return;
        n++;
        // A word starts at the first character (bit 0 of the first pair) and ends at the
        // last one (bit 2 of the last pair: the character after the pair's start).
        var endFlags = last === 0 ? v % 8 : at[last - 1].get(p + last);
        if (v % 2 && endFlags & 4) whole = true;
      });
      if (n) out.set(doc, { n: n, whole: whole });
    });
    return out;
  };
  Engine.prototype.match = function (phrases) {
    var self = this;
    var found = phrases.map(function (p) { return self.occurrences(p); });
    var smallest = found.reduce(function (a, b) { return b.size < a.size ? b : a; });
    var hits = [];
    smallest.forEach(function (_, id) {
      var count = 0, whole = true;
      for (var k = 0; k < found.length; k++) {
        var r = found[k].get(id);
        if (!r) return;
        count += Math.min(r.n, 3);
        whole = whole && r.whole;
      }
      // Whole words first, then articles before glossary entries before figures, then
      // the more often the query stands in the place; ties keep the reading order.
      var score = (whole ? 10000 : 0) + (2 - self.kinds[id]) * 1000 + count * 10;
      hits.push({ id: id, page: self.page[id], score: score });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
    return hits;
  };
  Engine.prototype.parse = function (query) {
    var table = this.table;
    return {
      compact: fold(query, table).s,
      parts: query.split(/\s+/).map(function (q) { return fold(q, table).s; }).filter(Boolean)
    };
  };
  /* The shards a query may read: its phrase's pairs, and its words' for when the phrase is not found. */
  Engine.prototype.filesFor = function (query) {
    var q = this.parse(query), files = new Set(), self = this;
    if (q.compact) this.keyFiles(q.compact, files);
    if (q.parts.length > 1) q.parts.forEach(function (p) { self.keyFiles(p, files); });
    return Array.from(files);
  };
  /* The query answered, once filesFor's shards are in. */
  Engine.prototype.search = function (query) {
    var q = this.parse(query);
    if (!q.compact) return { hits: [], terms: [] };
    var hits = this.match([q.compact]), terms = [q.compact];
    if (!hits.length && q.parts.length > 1) {
      // No phrase: every word of the query, anywhere in the same place.
      terms = q.parts;
      hits = this.match(q.parts);
    }
    return { hits: hits, terms: terms };
  };
  Engine.prototype.docFile = function (id) { return this.dir + "d" + find(this.docShards, id) + ".js"; };
  /* A document's text for its snippet and link (its shard loaded), folded here as the query is. */
  Engine.prototype.doc = function (id) {
    var doc = this.docs.get(id);
    if (doc) return doc;
    var i = find(this.docShards, id), part = got[this.dir + "d" + i + ".js"] || { pages: [], docs: [] }, named = this.named;
    part.pages.forEach(function (p) { named.set(p[0], [p[1], p[2]]); });
    var row = part.docs[id - this.docShards[i]] || ["", "", ""];
    if (!named.has(this.page[id])) named.set(this.page[id], ["", ""]);
    doc = { id: id, page: this.page[id], kind: this.kinds[id], anchor: row[0], head: row[1], text: row[2] };
    var f = fold(doc.text, this.table);
    doc.folded = f.s;
    doc.at = f.at;
    this.docs.set(id, doc);
    return doc;
  };
  /* The hit ready to show: its document and up to SPANS occurrences of each term in its text. */
  Engine.prototype.dress = function (hit, terms) {
    if (hit.doc) return hit;
    var doc = hit.doc = this.doc(hit.id), spans = hit.spans = [];
    terms.forEach(function (p, k) {
      for (var at = doc.folded.indexOf(p), n = 0; at !== -1 && n < SPANS; at = doc.folded.indexOf(p, at + 1), n++) {
        spans.push([at, p.length, k]);
      }
    });
    return hit;
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
    return parts.join(" ") || engine.named.get(doc.page)[1];
  }
  function href(engine, hit) {
    var root = new URL((config().base || ".") + "/", window.location.href);
    var url = new URL(engine.named.get(hit.doc.page)[0], root);
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
      var title = engine.named.get(hit.doc.page)[1];
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
  var ticket = 0;  // the latest query's number: a slower earlier one, its shards come in, shows nothing
  function render(query) {
    var box = document.querySelector("[data-md-component=search-result]");
    if (!box) return;
    var meta = box.querySelector(".md-search-result__meta");
    var list = box.querySelector(".md-search-result__list");
    var mine = ++ticket;
    if (watcher) { watcher.disconnect(); watcher = null; }
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!query.trim()) { meta.textContent = say("search.result.placeholder"); return; }
    start(function () {
      if (mine !== ticket) return;
      if (!engine) { meta.textContent = say("search.result.none"); return; }
      need(engine.filesFor(query), function () {
        if (mine !== ticket) return;
        show(engine, engine.search(query), meta, list, mine);
      });
    });
  }
  function show(engine, found, meta, list, mine) {
    var hits = found.hits, groups = [], byPage = new Map();
    hits.forEach(function (h) {
      var g = byPage.get(h.page);
      if (!g) { g = []; byPage.set(h.page, g); groups.push(g); }
      g.push(h);
    });
    meta.textContent = groups.length === 0 ? say("search.result.none")
      : groups.length === 1 ? say("search.result.one") : say("search.result.other", groups.length);
    // Scores fall in the order shown, so that Enter (Material's: the highest) opens the first.
    var ranks = [], rank = hits.length;
    groups.forEach(function (g) { ranks.push(rank); rank -= g.length; });
    var shown = 0;
    var more = function () {
      var upto = Math.min(groups.length, shown + RESULTS_AT_ONCE);
      // The texts of these results only: their snippets are all that needs them.
      var files = new Set();
      groups.slice(shown, upto).forEach(function (g) { g.forEach(function (h) { files.add(engine.docFile(h.id)); }); });
      need(Array.from(files), function () {
        if (mine !== ticket) return;
        for (; shown < upto; shown++) {
          groups[shown].forEach(function (h) { engine.dress(h, found.terms); });
          list.appendChild(item(engine, groups[shown], ranks[shown]));
        }
        if (shown < groups.length && "IntersectionObserver" in window) {
          watcher = new IntersectionObserver(function (entries) {
            if (!entries.some(function (e) { return e.isIntersecting; })) return;
            watcher.disconnect();
            watcher = null;
            more();
          });
          watcher.observe(list.lastChild);
        }
      });
    };
    more();
  }

  /* ---- The bootstrap ---- */
  var engine = null, started = false;
  function start(then) {
    var first = !started;
    started = true;
    need(["index.js"], function () {
      if (first) {
        var t0 = window.performance.now();
        try { engine = got["index.js"] ? new Engine(got["index.js"]) : null; } catch (e) { engine = null; }
        if (engine) engine.buildMs = window.performance.now() - t0;  // read by bench/search.py
        window.__edSearchEngine = engine;
      }
      if (then) then();
    });
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
      if (document.readyState === "complete") start(ready);
      else window.addEventListener("load", function () { start(ready); });
    } else if (message && message.type === QUERY && typeof message.data === "string") {
      render(message.data);
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

  function begin() {
    markArrival();
    // Load the bootstrap once the page is idle, so that the first query need not wait for it.
    window.addEventListener("load", function () { setTimeout(function () { start(null); }, 200); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", begin); else begin();
})();
