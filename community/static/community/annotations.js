/* Annotations on a page body: select text, annotate it, see highlights and notes.
 *
 * The page body is served the same to everyone (a cached rendering); highlights are drawn
 * here from the JSON the server embeds (#annotations-data), so nothing per person is ever
 * put into the cached HTML. Each top-level block is a [data-block-id] element; selectors
 * count Unicode code points in the block's textContent, as the server does
 * (community/annotations/anchoring.py), which is also what the W3C TextPositionSelector counts.
 *
 * Wide screens: notes sit in a margin beside the text. Narrow screens: a tap (or Enter)
 * on a highlight shows its note below the paragraph.
 */
(function () {
  "use strict";

  var CONTEXT = 32;
  var MAX_QUOTE = 2000;
  var dataNode = document.getElementById("annotations-data");
  var panel = document.querySelector("#annotations");
  if (!dataNode || !panel) return;
  var data = JSON.parse(dataNode.textContent);
  var t = data.strings;
  var blocks = document.querySelectorAll("[data-block-id]");
  if (!blocks.length) return;
  var root = blocks[0].parentElement;
  var dialog = document.querySelector("[data-annotation-dialog]");
  var form = dialog && dialog.querySelector("[data-annotation-form]");
  var statusLine = panel.querySelector("[data-annotations-status]");
  var list = panel.querySelector("[data-annotations-list]");
  var emptyLine = panel.querySelector("[data-annotations-empty]");
  var panelButton = panel.querySelector("[data-annotate-selection]");
  var wide = window.matchMedia("(min-width: 75rem)");
  var byId = {};
  var pending = null; // the selector of the last valid selection
  var margin = null;

  panel.classList.add("annotations-panel--js");
  root.classList.add("anno-root");

  // -- text and code points -------------------------------------------------------------
  function cpLength(text) {
    var n = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) i++;
      n++;
    }
    return n;
  }
  function unitIndex(text, cps) {
    // UTF-16 index of the code point number `cps` in `text`.
    var i = 0;
    while (cps > 0 && i < text.length) {
      var c = text.charCodeAt(i);
      i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
      cps--;
    }
    return i;
  }
  function blockOf(node) {
    var el = node && (node.nodeType === 1 ? node : node.parentElement);
    return el ? el.closest("[data-block-id]") : null;
  }

  // -- the selection --------------------------------------------------------------------
  function selectorFromSelection() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    var range = sel.getRangeAt(0);
    var block = blockOf(range.startContainer);
    if (!block || block !== blockOf(range.endContainer)) return null;
    var before = document.createRange();
    before.selectNodeContents(block);
    before.setEnd(range.startContainer, range.startOffset);
    var raw = range.toString();
    var exact = raw.trim();
    if (!exact) return null;
    var text = block.textContent;
    var startUnits = before.toString().length + (raw.length - raw.replace(/^\s+/, "").length);
    var start = cpLength(text.slice(0, startUnits));
    var length = cpLength(exact);
    var cps = Array.from(text);
    return {
      block_id: block.getAttribute("data-block-id"),
      exact: exact,
      start: start,
      end: start + length,
      prefix: cps.slice(Math.max(0, start - CONTEXT), start).join(""),
      suffix: cps.slice(start + length, start + length + CONTEXT).join(""),
      tooLong: length > MAX_QUOTE,
      rect: range.getBoundingClientRect()
    };
  }

  var floating = document.createElement("button");
  floating.type = "button";
  floating.className = "anno-float";
  floating.hidden = true;
  floating.textContent = t.annotate;
  floating.setAttribute("data-testid", "annotate-float");
  document.body.appendChild(floating);
  // Pressing the button must not drop the selection before we read it.
  floating.addEventListener("mousedown", function (event) { event.preventDefault(); });
  floating.addEventListener("click", function () { openDialog(pending); });

  var selectionTimer = null;
  document.addEventListener("selectionchange", function () {
    clearTimeout(selectionTimer);
    selectionTimer = setTimeout(function () {
      var found = selectorFromSelection();
      if (found) pending = found;
      if (!found) { floating.hidden = true; return; }
      var rect = found.rect;
      floating.style.top = window.scrollY + rect.bottom + 6 + "px";
      floating.style.left = Math.max(8, window.scrollX + rect.left) + "px";
      floating.hidden = false;
    }, 120);
  });
  if (panelButton) {
    panelButton.addEventListener("mousedown", function (event) { event.preventDefault(); });
    panelButton.addEventListener("click", function () {
      var current = selectorFromSelection() || pending;
      if (!current) {
        say(t.select_first);
        return;
      }
      openDialog(current);
    });
  }

  // -- the form -------------------------------------------------------------------------
  var errorLine = form && form.querySelector("[data-annotation-error]");
  function say(message) {
    statusLine.textContent = "";
    window.setTimeout(function () { statusLine.textContent = message; }, 50);
  }
  function openDialog(selector) {
    if (!selector || !dialog) return;
    if (selector.tooLong) {
      say(t.too_long);
      return;
    }
    pending = selector;
    dialog.querySelector("[data-annotation-quote]").textContent = selector.exact;
    errorLine.textContent = "";
    floating.hidden = true;
    dialog.showModal();
    form.querySelector("textarea").focus();
  }
  if (form) {
    form.querySelector("[data-annotation-cancel]").addEventListener("click", function () {
      dialog.close();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!pending) return;
      var body = {
        block_id: pending.block_id,
        exact: pending.exact,
        prefix: pending.prefix,
        suffix: pending.suffix,
        start: pending.start,
        end: pending.end,
        note: form.elements.note.value,
        visibility: form.querySelector("input[name=visibility]:checked").value,
        is_question: form.elements.is_question.checked
      };
      var save = form.querySelector("button[type=submit]");
      save.disabled = true;
      fetch(data.create_url, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-CSRFToken": form.elements.csrfmiddlewaretoken.value
        },
        body: JSON.stringify(body)
      })
        .then(function (response) {
          return response.json().then(function (json) { return { ok: response.ok, json: json }; },
            function () { return { ok: false, json: { error: t.failed } }; });
        })
        .then(function (result) {
          save.disabled = false;
          if (!result.ok) {
            errorLine.textContent = result.json.error || t.failed;
            return;
          }
          var item = result.json.annotation;
          data.items.push(item);
          dialog.close();
          form.reset();
          window.getSelection().removeAllRanges();
          pending = null;
          draw(item);
          addToPanel(item);
          layoutMargin();
          var notices = result.json.notices || [];
          say([t.saved].concat(notices).join(" "));
        })
        .catch(function () {
          save.disabled = false;
          errorLine.textContent = t.network;
        });
    });
  }

  // -- highlights -----------------------------------------------------------------------
  function draw(item) {
    if (item.block === "" || item.start === null) return;
    var block = null;
    for (var b = 0; b < blocks.length; b++) {
      if (blocks[b].getAttribute("data-block-id") === item.block) { block = blocks[b]; break; }
    }
    if (!block) return;
    byId[item.id] = item;
    var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    var pos = 0, node, pieces = [];
    while ((node = walker.nextNode())) {
      var length = cpLength(node.data);
      var nodeStart = pos, nodeEnd = pos + length;
      pos = nodeEnd;
      if (nodeEnd <= item.start) continue;
      if (nodeStart >= item.end) break;
      var a = unitIndex(node.data, Math.max(item.start, nodeStart) - nodeStart);
      var z = unitIndex(node.data, Math.min(item.end, nodeEnd) - nodeStart);
      if (node.data.slice(a, z).trim()) pieces.push([node, a, z]);
    }
    pieces.forEach(function (piece, index) {
      var range = document.createRange();
      range.setStart(piece[0], piece[1]);
      range.setEnd(piece[0], piece[2]);
      var mark = document.createElement("mark");
      mark.className = "anno-hl" + (item.private ? " anno-hl--private" : "");
      mark.setAttribute("data-annotation-id", item.id);
      mark.setAttribute("data-testid", "annotation-highlight");
      if (index === 0) {
        mark.tabIndex = 0;
        mark.setAttribute("role", "button");
        mark.setAttribute("aria-expanded", "false");
        mark.setAttribute("aria-label", t.by.replace("%(name)s", item.author) + ": " + item.exact.slice(0, 80));
      }
      range.surroundContents(mark);
    });
  }

  function noteElement(item, className) {
    var note = document.createElement("div");
    note.className = className;
    note.setAttribute("data-note-for", item.id);
    var who = document.createElement("p");
    who.className = "anno-note__who";
    who.textContent = item.author + (item.private ? " · " + t.only_you : "") + (item.question ? " · " + (item.resolved ? t.resolved_question : t.open_question) : "");
    note.appendChild(who);
    if (item.note) {
      var body = document.createElement("div");
      body.className = "anno-note__body";
      body.innerHTML = item.note; // sanitised on the server (nh3 allow-list)
      note.appendChild(body);
    }
    var link = document.createElement("a");
    // The panel lists the newest few; an older one is on the page that lists them all.
    link.href = (document.getElementById("annotation-" + item.id) ? "" : data.all_url || "") + "#annotation-" + item.id;
    link.className = "anno-note__link";
    link.textContent = t.in_list;
    note.appendChild(link);
    return note;
  }

  function toggleInline(id) {
    var item = byId[id];
    if (!item) return;
    var first = root.querySelector('mark.anno-hl[data-annotation-id="' + id + '"]');
    var block = blockOf(first);
    var open = document.querySelector('.anno-inline[data-note-for="' + id + '"]');
    if (open) {
      open.remove();
      if (first) first.setAttribute("aria-expanded", "false");
      return;
    }
    var note = noteElement(item, "anno-inline");
    note.setAttribute("role", "note");
    note.id = "anno-inline-" + id;
    block.insertAdjacentElement("afterend", note);
    if (first) {
      first.setAttribute("aria-expanded", "true");
      first.setAttribute("aria-controls", note.id);
    }
  }

  function focusMarginNote(id) {
    var note = margin && margin.querySelector('[data-note-for="' + id + '"]');
    if (!note) return toggleInline(id);
    margin.querySelectorAll(".anno-margin__note--active").forEach(function (n) {
      n.classList.remove("anno-margin__note--active");
    });
    note.classList.add("anno-margin__note--active");
    note.focus();
  }

  function activate(id) {
    if (wide.matches) focusMarginNote(id); else toggleInline(id);
  }
  root.addEventListener("click", function (event) {
    var mark = event.target.closest && event.target.closest("mark.anno-hl");
    if (!mark || !window.getSelection().isCollapsed) return;
    activate(mark.getAttribute("data-annotation-id"));
  });
  root.addEventListener("keydown", function (event) {
    var mark = event.target.closest && event.target.closest("mark.anno-hl");
    if (!mark || (event.key !== "Enter" && event.key !== " ")) return;
    event.preventDefault();
    activate(mark.getAttribute("data-annotation-id"));
  });

  // -- margin (wide screens) ------------------------------------------------------------
  function layoutMargin() {
    if (margin) { margin.remove(); margin = null; }
    document.querySelectorAll(".anno-inline").forEach(function (n) { n.remove(); });
    root.classList.toggle("anno-root--margin", wide.matches && data.items.length > 0);
    if (!wide.matches || !data.items.length) return;
    margin = document.createElement("aside");
    margin.className = "anno-margin";
    margin.setAttribute("aria-label", t.margin_label);
    margin.setAttribute("data-testid", "annotations-margin");
    root.appendChild(margin);
    var top0 = root.getBoundingClientRect().top;
    var placed = [];
    data.items.forEach(function (item) {
      var mark = root.querySelector('mark.anno-hl[data-annotation-id="' + item.id + '"]');
      if (!mark) return;
      placed.push({ item: item, top: mark.getBoundingClientRect().top - top0 });
    });
    placed.sort(function (a, b) { return a.top - b.top; });
    var bottom = 0;
    placed.forEach(function (entry) {
      var note = noteElement(entry.item, "anno-margin__note");
      note.tabIndex = -1;
      margin.appendChild(note);
      var top = Math.max(entry.top, bottom);
      note.style.top = top + "px";
      bottom = top + note.offsetHeight + 6;
    });
  }

  // -- the panel ------------------------------------------------------------------------
  function addToPanel(item) {
    if (!list) return;
    var li = document.createElement("li");
    li.className = "annotation-item" + (item.private ? " annotation-item--private" : "");
    li.id = "annotation-" + item.id;
    li.setAttribute("data-annotation-id", item.id);
    li.setAttribute("data-testid", "annotation-item");
    var quote = document.createElement("blockquote");
    quote.className = "annotation-quote";
    quote.textContent = item.exact.length > 300 ? item.exact.slice(0, 299) + "…" : item.exact;
    li.appendChild(quote);
    if (item.note) {
      var note = document.createElement("div");
      note.className = "annotation-note";
      note.innerHTML = item.note; // sanitised on the server
      li.appendChild(note);
    }
    var meta = document.createElement("p");
    meta.className = "meta";
    meta.textContent = item.author + (item.private ? " · " + t.only_you : "") + (item.question ? " · " + t.open_question : "");
    li.appendChild(meta);
    if (item.edit_url) {
      var edit = document.createElement("a");
      edit.href = item.edit_url;
      edit.textContent = t.edit;
      li.appendChild(edit);
    }
    list.appendChild(li);
    if (emptyLine) emptyLine.hidden = true;
  }

  data.items.forEach(draw);
  layoutMargin();
  var resizeTimer = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(layoutMargin, 150);
  });
  window.addEventListener("load", layoutMargin);
})();
