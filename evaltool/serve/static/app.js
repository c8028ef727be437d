// The drop page. Every text from a workbook goes in with textContent: never parsed as HTML.
"use strict";
(function () {
  var config = null;
  var lang = "zh";
  var cards = [];  // {name, state, pct, doc, receipt, problem, el}
  var csrf = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  var $ = function (id) { return document.getElementById(id); };

  function t(key, values) {
    var words = config ? config.texts[lang] : {};
    if (words[key] !== null && typeof words[key] === "object") { return words[key]; }
    var text = words[key] !== undefined ? String(words[key]) : key;
    Object.keys(values || {}).forEach(function (k) { text = text.split("{" + k + "}").join(String(values[k])); });
    return text;
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function applyTexts() {
    document.documentElement.lang = lang === "en" ? "en" : "zh-CN";
    document.title = t("title");
    document.querySelectorAll("[data-t]").forEach(function (node) {
      node.textContent = t(node.getAttribute("data-t"), { mb: config.max_upload_mb });
    });
    var toggle = $("lang");
    toggle.textContent = t("lang");
    toggle.lang = lang === "en" ? "zh-CN" : "en";
    $("footer").textContent = t("footer", { version: config.version });
    cards.forEach(render);
  }

  function findingItem(f) {
    var li = el("li");
    var where = f.sheet ? f.sheet + (f.cells.length ? "!" + f.cells.join(", ") : "") : "";
    if (where) { li.appendChild(el("span", "where", where)); li.appendChild(document.createTextNode(" ")); }
    li.appendChild(el("span", "msg", f.message));
    li.appendChild(el("span", "code", " [" + f.code + "]"));
    if (f.hint) { li.appendChild(el("span", "hint", t("hint") + f.hint)); }
    return li;
  }

  function receiptBox(r) {
    var box = el("div", "receipt");
    box.setAttribute("role", "status");
    box.appendChild(el("strong", null, t("receipt")));
    var dl = el("dl");
    [["receipt_unit", r.unit_code + " " + (r.unit_name || "")], ["receipt_time", r.time],
     ["receipt_file", r.file], ["receipt_sha", r.sha256], ["receipt_status", t("status")[r.status] || r.status],
     ["receipt_counts", t("counts", r.counts)]].forEach(function (row) {
      dl.appendChild(el("dt", null, t(row[0])));
      dl.appendChild(el("dd", null, row[1]));
    });
    box.appendChild(dl);
    return box;
  }

  function render(card) {
    var node = card.el;
    node.textContent = "";
    var doc = card.doc;
    node.className = "file" + (doc ? " " + doc.status : "");
    var head = el("div");
    head.appendChild(el("h2", null, card.name));
    if (doc) { head.appendChild(el("span", "badge", t("status")[doc.status] || doc.status)); }
    node.appendChild(head);
    if (card.state === "uploading" || card.state === "checking") {
      var p = el("p", "meta");
      var bar = el("progress");
      bar.max = 100;
      if (card.state === "uploading") { bar.value = card.pct; }
      p.appendChild(bar);
      p.appendChild(document.createTextNode(" " + (card.state === "uploading" ? t("uploading", { pct: card.pct }) : t("checking"))));
      node.appendChild(p);
      node.setAttribute("aria-busy", "true");
      return;
    }
    node.removeAttribute("aria-busy");
    if (card.problem) { node.appendChild(el("p", "notice", card.problem)); return; }
    if (doc.error) { node.appendChild(el("p", "notice", doc.error)); return; }
    var unit = doc.unit_code ? t("unit", { code: doc.unit_code, name: doc.unit_name || "" }) : t("no_unit");
    node.appendChild(el("p", "meta", unit + " · " + t("counts", doc.counts)));
    var actions = el("div", "actions");
    if (doc.annotated) {
      var a = el("a", "button primary download", doc.status === "passed" ? t("download_proof") : t("download"));
      a.href = doc.annotated;
      a.setAttribute("download", "");
      actions.appendChild(a);
    }
    if (config.submit && !card.receipt) {
      var allowed = doc.status !== "errors" || config.submit_with_errors;
      if (!allowed) { actions.appendChild(el("span", "small", t("submit_blocked"))); }
      else if (!doc.unit_code) { actions.appendChild(el("span", "small", t("submit_no_code"))); }
      else if (doc.annotated) {
        var b = el("button", "submit", card.state === "submitting" ? t("submitting") : t("submit"));
        b.type = "button";
        b.disabled = card.state === "submitting";
        b.addEventListener("click", function () { submitCard(card); });
        actions.appendChild(b);
      }
    }
    node.appendChild(actions);
    if (card.submitProblem) { node.appendChild(el("p", "notice", card.submitProblem)); }
    if (card.receipt) { node.appendChild(receiptBox(card.receipt)); }
    if (!doc.findings.length) { node.appendChild(el("p", "meta", t("no_findings"))); }
    ["error", "warning", "info"].forEach(function (sev) {
      var list = doc.findings.filter(function (f) { return f.severity === sev; });
      if (!list.length) { return; }
      var group = el("section", "group " + sev);
      group.appendChild(el("h3", null, t("severity")[sev] + " (" + list.length + ")"));
      var ol = el("ol");
      list.forEach(function (f) { ol.appendChild(findingItem(f)); });
      group.appendChild(ol);
      node.appendChild(group);
    });
  }

  function problemText(status, body) {
    if (body && body.error) {
      return t(body.error, { mb: config.max_upload_mb, s: 5 });
    }
    return t("failed", { status: status });
  }

  function check(file) {
    var card = { name: file.name, state: "uploading", pct: 0, doc: null, el: el("article", "file") };
    cards.push(card);
    $("results").appendChild(card.el);
    $("clear").hidden = false;
    render(card);
    var form = new FormData();
    form.append("files", file, file.name);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/check?lang=" + lang);
    xhr.responseType = "json";
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) { card.pct = Math.round(100 * e.loaded / e.total); render(card); }
    });
    xhr.upload.addEventListener("load", function () { card.state = "checking"; render(card); });
    xhr.addEventListener("load", function () {
      card.state = "done";
      var body = xhr.response;
      if (xhr.status === 200 && body && body.files && body.files.length) { card.doc = body.files[0]; }
      else { card.problem = problemText(xhr.status, body); card.doc = { status: "unreadable" }; }
      render(card);
    });
    xhr.addEventListener("error", function () {
      card.state = "done"; card.problem = t("network"); card.doc = { status: "unreadable" }; render(card);
    });
    xhr.send(form);
  }

  function submitCard(card) {
    card.state = "submitting";
    card.submitProblem = null;
    render(card);
    fetch("/api/submit?lang=" + lang, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify({ id: card.doc.annotated })
    }).then(function (r) {
      return r.json().then(function (body) { return { ok: r.ok, status: r.status, body: body }; });
    }).then(function (res) {
      card.state = "done";
      if (res.ok) { card.receipt = res.body; } else { card.submitProblem = problemText(res.status, res.body); }
      render(card);
    }).catch(function () { card.state = "done"; card.submitProblem = t("network"); render(card); });
  }

  function take(files) { Array.prototype.forEach.call(files, check); }

  function setup() {
    var zone = $("zone"), input = $("file");
    $("pick").addEventListener("click", function () { input.click(); });
    zone.addEventListener("keydown", function (e) {
      if (e.target === zone && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); input.click(); }
    });
    input.addEventListener("change", function () { take(input.files); input.value = ""; });
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      zone.classList.remove("over");
      if (e.dataTransfer && e.dataTransfer.files) { take(e.dataTransfer.files); }
    });
    // A file dropped beside the zone must not make the browser leave the page.
    window.addEventListener("dragover", function (e) { e.preventDefault(); });
    window.addEventListener("drop", function (e) { e.preventDefault(); });
    $("lang").addEventListener("click", function () {
      lang = lang === "en" ? "zh" : "en";
      try { localStorage.setItem("evaltool-lang", lang); } catch (err) { /* private mode: not kept */ }
      applyTexts();
    });
    $("clear").addEventListener("click", function () {
      cards = []; $("results").textContent = ""; $("clear").hidden = true; $("pick").focus();
    });
  }

  fetch("/api/page").then(function (r) { return r.json(); }).then(function (c) {
    config = c;
    try { lang = localStorage.getItem("evaltool-lang") === "en" ? "en" : "zh"; } catch (err) { lang = "zh"; }
    setup();
    applyTexts();
    document.body.setAttribute("data-ready", "1");
  });
}());
