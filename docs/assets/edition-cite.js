/* Cite this: the article, or one of its paragraphs, in GB/T 7714-2015, APA 7 and Chicago, and as
   BibTeX and CSL-JSON to copy or download. The record (newspaper, date, authors as printed,
   headline and its English, the paragraphs, the edition's version) comes from the page; the
   address is where the reader reads it (the canonical one in the offline bundle, if known) and
   the day of access is today. Nothing the page does not give is added: there is no page number. */
(function () {
  "use strict";
  var data = document.querySelector("script.ed-cite-data");
  var body = document.querySelector(".ed-cite-body");
  if (!data || !body) return;
  var rec = JSON.parse(data.textContent);
  var L = body.dataset;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];

  function iso(d) { return d.toISOString().slice(0, 10); }
  function parts(s) { return s.split("-").map(Number); }
  function address(para) {
    var here = window.location.protocol.indexOf("http") === 0 ? window.location.href.split("#")[0] : "";
    return here ? here + (para ? "#p" + para : "") : "";
  }
  function names(sep, last) {
    var n = rec.authors.map(function (a) { return a.name; });
    if (n.length < 2) return n.join("");
    return n.slice(0, -1).join(sep) + last + n[n.length - 1];
  }
  function inText() {  // APA's author in a parenthetical citation
    var a = rec.authors.map(function (x) { return x.name; });
    return a.length === 0 ? rec.title : a.length === 1 ? a[0] : a.length === 2 ? a[0] + " & " + a[1] : a[0] + " et al.";
  }
  function formats(para) {
    var url = address(para), today = iso(new Date()), d = parts(rec.date);
    var english = rec.title_en ? " [" + rec.title_en + "]" : "";
    var paper = rec.newspaper + (rec.newspaper_en ? " (" + rec.newspaper_en + ")" : "");
    var who = names(", ", ", ");
    var gbt = (who ? who + ". " : "") + rec.title + "[N" + (url ? "/OL" : "") + "]. " + rec.newspaper + ", " + rec.date +
      (url ? "[" + today + "]. " + url : "") + ".";
    var apaDate = "(" + d[0] + ", " + MONTHS[d[1] - 1] + " " + d[2] + ")";
    var apa = (who ? names(", ", ", & ") + ". " : "") + apaDate + ". " + rec.title + english + ". " + paper + "." +
      (url ? " " + url : "") + (para ? "\n(" + inText() + ", " + d[0] + ", para. " + para + ")" : "");
    var chicago = (who ? names(", ", ", and ") + ". " : "") + "“" + rec.title + "”" + english + ". " + paper + ", " +
      MONTHS[d[1] - 1] + " " + d[2] + ", " + d[0] + (para ? ", para. " + para : "") + "." + (url ? " " + url + "." : "");
    var note = "In " + rec.edition + (rec.version ? ", version " + rec.version : "") + (para ? ", ¶" + para : "");
    var esc = function (s) { return s.replace(/[\\{}]/g, function (c) { return "\\" + c; }); };
    var bib = "@article{" + rec.id + (para ? "-p" + para : "") + ",\n" +
      (who ? "  author = {" + esc(names(" and ", " and ")) + "},\n" : "") +
      "  title = {" + esc(rec.title) + "},\n" +
      (rec.title_en ? "  titleaddon = {" + esc(rec.title_en) + "},\n" : "") +
      "  journal = {" + esc(rec.newspaper) + "},\n  date = {" + rec.date + "},\n  year = {" + d[0] + "},\n" +
      "  month = {" + d[1] + "},\n" + (url ? "  url = {" + url + "},\n  urldate = {" + today + "},\n" : "") +
      "  language = {chinese},\n  note = {" + esc(note) + "}\n}";
    var csl = {
      id: rec.id + (para ? "-p" + para : ""), type: "article-newspaper", title: rec.title,
      "container-title": rec.newspaper, author: rec.authors.map(function (a) { return { literal: a.name }; }),
      issued: { "date-parts": [d] }, language: "zh-CN", note: note
    };
    if (rec.title_en) csl["title-short"] = rec.title_en;
    if (rec.version) csl.version = rec.version;
    if (url) { csl.URL = url; csl.accessed = { "date-parts": [parts(today)] }; }
    return [["GB/T 7714-2015", gbt, "txt"], ["APA 7", apa, "txt"], ["Chicago", chicago, "txt"],
            ["BibTeX", bib, "bib"], ["CSL-JSON", JSON.stringify([csl], null, 2), "json"]];
  }

  var select = document.createElement("select");
  select.className = "ed-cite-scope";
  select.setAttribute("aria-label", L.paragraph);
  [[0, L.whole]].concat(rec.paragraphs.map(function (n) { return [n, L.paragraph + " ¶" + n]; })).forEach(function (o) {
    var opt = document.createElement("option");
    opt.value = String(o[0]);
    opt.textContent = o[1];
    select.appendChild(opt);
  });
  var list = document.createElement("div");
  body.appendChild(select);
  body.appendChild(list);

  function button(label, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.addEventListener("click", function () { action(b); });
    return b;
  }
  function render() {
    while (list.firstChild) list.removeChild(list.firstChild);
    var para = Number(select.value);
    formats(para).forEach(function (f) {
      var block = document.createElement("div");
      block.className = "ed-cite-format";
      block.setAttribute("data-format", f[0]);
      var head = document.createElement("p");
      var name = document.createElement("strong");
      name.textContent = f[0];
      head.appendChild(name);
      head.appendChild(button(L.copy, function (b) {
        if (navigator.clipboard) navigator.clipboard.writeText(f[1]).then(function () { b.textContent = L.copied; });
      }));
      if (f[2] !== "txt") head.appendChild(button(L.download, function () {
        var a = document.createElement("a");
        a.href = URL.createObjectURL(new Blob([f[1]], { type: f[2] === "json" ? "application/json" : "text/plain" }));
        a.download = rec.id + (para ? "-p" + para : "") + "." + f[2];
        document.body.appendChild(a);
        a.click();
        a.remove();
      }));
      var text = document.createElement(f[2] === "txt" ? "p" : "pre");
      text.className = "ed-cite-text";
      text.textContent = f[1];
      block.appendChild(head);
      block.appendChild(text);
      list.appendChild(block);
    });
  }
  select.addEventListener("change", render);
  // Arriving at a paragraph (…#p3) or choosing ¶ from a paragraph's own link: cite that paragraph.
  function fromHash() {
    var m = /^#p(\d+)$/.exec(window.location.hash);
    if (m && rec.paragraphs.indexOf(Number(m[1])) >= 0) select.value = m[1];
    render();
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
