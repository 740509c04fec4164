/* Select to annotate. A passage selected in an article offers 添加词条 / 添加数字 / 添加编者注 /
   添加转换规则 / 报告修复; a small form asks only what a person must write. The request names
   where the passage stands (page, article, block anchor, offsets in the block's text, the
   same in every script edition) and the generator computes the quote. In the preview
   (`edition serve`) the entry is written into data/ and the page reloads with it; on the
   public site the request opens a pre-filled GitHub issue, which a workflow checks and turns
   into a pull request. Everything shown is built with textContent: no data becomes markup. */
(function () {
  "use strict";
  // The repository the pages are edited in, as their edit button names it.
  var edit = document.querySelector("a.md-content__button[href^='https://github.com/']");
  var found = edit ? /^https:\/\/github\.com\/([\w.-]+\/[\w.-]+)\//.exec(edit.getAttribute("href")) : null;
  var repository = found ? found[1] : "";
  var preview = window.__editionPreview === true;
  if (!preview && !repository) return;
  var parts = window.location.pathname.split("/").filter(Boolean);
  if (parts[parts.length - 1] === "index.html") parts.pop();
  var place = { page: parts[parts.length - 2], article: parts[parts.length - 1] };
  if (!document.querySelector(".ed-block")) return;

  var KINDS = [
    { kind: "term", label: "添加词条", fields: [["term", "词条（原文写法）", "selection"], ["category", "分类"],
      ["definition", "释义", "long"], ["english", "英文（可选）"]] },
    { kind: "figure", label: "添加数字", fields: [["value", "数值（阿拉伯数字）"], ["unit", "单位，如 亿元、%、公里/小时"],
      ["qualifier", "限定", ["exact", "approx", "nearly", "more_than", "at_least"]], ["measures", "衡量什么"],
      ["period", "时期"], ["kind", "类型", ["result", "target", "deadline", "share", "growth", "ratio", "price", "rank", "duration"]],
      ["category", "分类"]] },
    { kind: "note", label: "添加编者注", fields: [["text", "编者注（推断请写明“编者推断”）", "long"]] },
    { kind: "rule", label: "添加转换规则", fields: [["zh-Hant-TW", "台湾版写法"], ["zh-Hant-HK", "香港版写法"],
      ["reason", "理由"], ["scope", "范围", ["article", "occurrence", "edition"]]] },
    { kind: "repair", label: "报告修复", fields: [["text", "哪里损坏了，应如何修复", "long"]] }
  ];

  function counted(node, block) {
    for (var el = node.parentNode; el && el !== block; el = el.parentNode) {
      if (el.nodeType === 1 && (el.classList.contains("ed-ui") || el.classList.contains("headerlink") ||
          el.tagName === "RT" || el.tagName === "BUTTON")) return false;
    }
    return true;
  }
  function offsetIn(block, container, offset) {
    var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT), at = 0, node;
    if (container.nodeType !== 3) {  // an element boundary: the text before its child `offset`
      var child = container.childNodes[offset] || null;
      while ((node = walker.nextNode())) {
        if (child && (child === node || child.contains(node))) return at;
        if (!child && !container.contains(node) && at > 0) return at;
        if (counted(node, block)) at += node.nodeValue.length;
      }
      return at;
    }
    while ((node = walker.nextNode())) {
      if (node === container) return at + (counted(node, block) ? offset : 0);
      if (counted(node, block)) at += node.nodeValue.length;
    }
    return at;
  }
  function blockOf(node) {
    var el = node.nodeType === 1 ? node : node.parentElement;
    return el ? el.closest(".md-content .ed-block[id], .md-content h1[id], .md-content h2[id]") : null;
  }
  function selected() {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) return null;
    var range = sel.getRangeAt(0), block = blockOf(range.startContainer);
    if (!block || block !== blockOf(range.endContainer)) return null;
    var start = offsetIn(block, range.startContainer, range.startOffset);
    var end = offsetIn(block, range.endContainer, range.endOffset);
    var text = sel.toString().replace(/\s+$/, "");
    if (end <= start || !text.trim()) return null;
    return { block: block.id, start: start, end: end, text: text, rect: range.getBoundingClientRect() };
  }

  var button = document.createElement("button");
  button.type = "button";
  button.className = "ed-annotate-button ed-ui";
  button.textContent = "＋ 注释";
  button.hidden = true;
  var menu = document.createElement("div");
  menu.className = "ed-annotate-menu ed-ui";
  menu.setAttribute("role", "menu");
  menu.hidden = true;
  var current = null;
  KINDS.forEach(function (k) {
    var b = document.createElement("button");
    b.type = "button";
    b.setAttribute("role", "menuitem");
    b.setAttribute("data-kind", k.kind);
    b.textContent = k.label;
    b.addEventListener("click", function () { menu.hidden = true; openForm(k, current); });
    menu.appendChild(b);
  });
  button.addEventListener("click", function () {
    menu.hidden = false;
    place_(menu, current.rect);
    menu.querySelector("button").focus();
  });
  function place_(el, rect) {
    var top = rect.bottom + 8, left = rect.left;
    el.style.top = Math.min(top, window.innerHeight - el.offsetHeight - 8) + "px";
    el.style.left = Math.max(8, Math.min(left, window.innerWidth - el.offsetWidth - 8)) + "px";
  }
  function onSelect() {
    var s = selected();
    if (!s) { if (!menu.contains(document.activeElement)) { button.hidden = true; } return; }
    current = s;
    button.hidden = false;
    place_(button, s.rect);
  }

  var dialog = document.createElement("dialog");
  dialog.className = "ed-annotate-dialog";
  function field(form, spec, selection) {
    var label = document.createElement("label");
    var span = document.createElement("span");
    span.textContent = spec[1];
    label.appendChild(span);
    var input;
    if (Array.isArray(spec[2])) {
      input = document.createElement("select");
      spec[2].forEach(function (v) { var o = document.createElement("option"); o.value = v; o.textContent = v; input.appendChild(o); });
    } else if (spec[2] === "long") {
      input = document.createElement("textarea");
      input.rows = 4;
    } else {
      input = document.createElement("input");
      input.type = "text";
      if (spec[2] === "selection") input.value = selection.text;
    }
    input.name = spec[0];
    label.appendChild(input);
    form.appendChild(label);
  }
  function openForm(kind, selection) {
    while (dialog.firstChild) dialog.removeChild(dialog.firstChild);
    var form = document.createElement("form");
    form.method = "dialog";
    var title = document.createElement("h2");
    title.textContent = kind.label;
    var quote = document.createElement("p");
    quote.className = "ed-annotate-quote";
    quote.textContent = "“" + selection.text + "”";
    form.appendChild(title);
    form.appendChild(quote);
    kind.fields.forEach(function (spec) { field(form, spec, selection); });
    var result = document.createElement("p");
    result.className = "ed-annotate-result";
    result.setAttribute("role", "status");
    var submit = document.createElement("button");
    submit.type = "submit";
    submit.textContent = preview ? "写入数据文件" : "在 GitHub 上提交";
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.textContent = "取消";
    cancel.addEventListener("click", function () { dialog.close(); });
    form.appendChild(submit);
    form.appendChild(cancel);
    form.appendChild(result);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var fields = {};
      Array.prototype.forEach.call(form.elements, function (el) { if (el.name && el.value) fields[el.name] = el.value; });
      send(kind, selection, fields, result);
    });
    dialog.appendChild(form);
    if (!dialog.open) dialog.showModal();
  }
  function send(kind, selection, fields, result) {
    var request = { kind: kind.kind, page: place.page, article: place.article, block: selection.block,
      start: selection.start, end: selection.end, fields: fields };
    if (kind.kind === "repair") request = { kind: "repair", page: place.page, article: place.article,
      block: selection.block, passage: selection.text, report: fields.text || "" };
    if (!preview) {
      var url = "https://github.com/" + repository + "/issues/new?template=annotation.yml" +
        "&title=" + encodeURIComponent(kind.label + "：“" + selection.text.slice(0, 30) + "”") +
        "&request=" + encodeURIComponent(JSON.stringify(request));
      window.open(url, "_blank", "noopener");
      result.textContent = "已在新窗口打开 GitHub 的表单：登录后提交即可。";
      return;
    }
    if (kind.kind === "repair") {
      result.textContent = "修复要改动分段，不能直接写入：请把这段说明放进一个 issue。 " + JSON.stringify(request);
      return;
    }
    fetch("/__edition/annotate", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(request) })
      .then(function (r) { return r.json(); })
      .then(function (answer) {
        result.textContent = answer.error ? "没有写入：" + answer.error
          : "已写入 " + answer.file + "；页面会在重建后自动刷新。";
        result.setAttribute("data-state", answer.error ? "error" : "done");
      })
      .catch(function () { result.textContent = "预览服务器没有回应。"; });
  }

  function init() {
    document.body.appendChild(button);
    document.body.appendChild(menu);
    document.body.appendChild(dialog);
    document.addEventListener("mouseup", function () { setTimeout(onSelect, 0); });
    document.addEventListener("touchend", function () { setTimeout(onSelect, 300); });
    document.addEventListener("keyup", function (e) { if (e.shiftKey) onSelect(); });
    document.addEventListener("keydown", function (e) { if (e.key === "Escape") { menu.hidden = true; button.hidden = true; } });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
