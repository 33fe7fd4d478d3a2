// @mention autocomplete for the forum editors, without a framework.
//
// A form with data-mention-url (the forum's lookup, forums.views.lookup) and a textarea.js-markdown-source: typing
// "@" and at least two letters of a name lists up to ten people the writer may mention (name, agency); choosing one
// writes "@username " in place of what was typed, the form the Markdown renderer turns into a mention.
// Keyboard: Arrow Down / Up move, Enter or Tab inserts, Escape closes. The textarea keeps the focus and points at
// the active option with aria-activedescendant; a polite live region says how many people were found.
// Everything shown is set with textContent: a name is never parsed as HTML.
(function () {
  "use strict";

  var MIN_CHARS = 2;
  var DELAY_MS = 200;
  // "@" at the start or after a space or an opening bracket, then up to three words of a name.
  var TOKEN = /(?:^|[\s(\[{"'])@([\p{L}\p{N}._'-]+(?: [\p{L}\p{N}._'-]*){0,2})$/u;
  var lists = 0;

  function setUp(form) {
    var textarea = form.querySelector("textarea.js-markdown-source");
    var url = form.getAttribute("data-mention-url");
    if (!textarea || !url || textarea.dataset.mentionReady) { return; }
    textarea.dataset.mentionReady = "1";
    lists += 1;
    var listId = "mention-list-" + lists;
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "mention-list list-group shadow";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", form.getAttribute("data-mention-label") || "");
    list.hidden = true;
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    textarea.parentNode.classList.add("mention-host");
    textarea.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", listId);

    var people = [];
    var active = -1;
    var token = null;        // {start, end, query}: the "@…" being typed
    var dismissedAt = -1;    // Escape closes the list until another "@" is typed
    var timer = null;
    var sequence = 0;
    var empty = [];          // queries that found nobody: a longer query starting with one of them is not sent
    var chosen = [];         // mentions already written: the words typed after "@username " are not a query

    function findToken() {
      var end = textarea.selectionStart;
      if (end !== textarea.selectionEnd) { return null; }
      var from = Math.max(0, end - 80);
      var before = textarea.value.slice(from, end);
      var match = TOKEN.exec(before);
      if (!match) { return null; }
      var query = match[1];
      var start = from + before.length - query.length - 1;  // the "@"
      return { start: start, end: end, query: query.trim(), typed: query.toLowerCase() };
    }

    function close() {
      sequence += 1;  // an answer still on its way is not shown any more
      list.hidden = true;
      list.textContent = "";
      people = [];
      active = -1;
      textarea.removeAttribute("aria-activedescendant");
    }

    function setActive(index) {
      var options = list.querySelectorAll("[role=option]");
      if (!options.length || !people.length) { return; }
      active = (index + people.length) % people.length;
      options.forEach(function (option, i) {
        var on = i === active;
        option.setAttribute("aria-selected", on ? "true" : "false");
        option.classList.toggle("active", on);
      });
      textarea.setAttribute("aria-activedescendant", options[active].id);
      options[active].scrollIntoView({ block: "nearest" });
    }

    function choose(index) {
      var person = people[index];
      if (!person || !token) { return; }
      var text = "@" + person.username + " ";
      chosen.push(person.username.toLowerCase() + " ");
      textarea.setRangeText(text, token.start, token.end, "end");
      close();
      textarea.focus();
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }

    function show(results, query) {
      list.textContent = "";
      people = results;
      active = -1;
      if (!results.length && query.indexOf(" ") >= 0) {
        close();  // "@name and then the sentence goes on": not a name being looked for any more
        return;
      }
      if (!results.length) {
        var none = document.createElement("li");
        none.className = "list-group-item small text-muted";
        none.setAttribute("role", "option");
        none.setAttribute("aria-disabled", "true");
        none.id = listId + "-none";
        none.textContent = form.getAttribute("data-mention-none") || "";
        list.appendChild(none);
        list.hidden = false;
        status.textContent = none.textContent;
        return;
      }
      results.forEach(function (person, i) {
        var option = document.createElement("li");
        option.id = listId + "-" + i;
        option.className = "list-group-item list-group-item-action mention-option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("data-username", person.username);
        var name = document.createElement("span");
        name.className = "fw-semibold";
        name.textContent = person.name;
        option.appendChild(name);
        if (person.agency) {
          var agency = document.createElement("span");
          agency.className = "small text-muted ms-2";
          agency.textContent = person.agency;
          option.appendChild(agency);
        }
        // mousedown, not click: the textarea keeps the focus (and its caret) while a name is picked.
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(i);
        });
        list.appendChild(option);
      });
      list.hidden = false;
      setActive(0);
      status.textContent = (form.getAttribute("data-mention-found") || "{n}").replace("{n}", results.length);
    }

    function lookUp(query) {
      var mine = ++sequence;
      fetch(url + "?q=" + encodeURIComponent(query), {
        credentials: "same-origin", headers: { "Accept": "application/json" },
      }).then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      }).then(function (answer) {
        if (mine !== sequence || !token || token.query !== query) { return; }  // typing went on meanwhile
        if (!answer.ok) {
          close();
          status.textContent = answer.body.error || "";
          return;
        }
        if (!answer.body.results.length) { empty.push(query.toLowerCase()); }
        show(answer.body.results, query);
      }).catch(function () { close(); });
    }

    function update() {
      token = findToken();
      clearTimeout(timer);
      if (!token) {
        dismissedAt = -1;
        close();
        return;
      }
      if (token.query.length < MIN_CHARS || token.start === dismissedAt) {
        close();
        return;
      }
      var lower = token.query.toLowerCase();
      var typed = token.typed;
      if (empty.some(function (prefix) { return lower.indexOf(prefix) === 0; }) ||
          chosen.some(function (prefix) { return typed.indexOf(prefix) === 0; })) {
        close();
        return;
      }
      var query = token.query;
      timer = setTimeout(function () { lookUp(query); }, DELAY_MS);
    }

    textarea.addEventListener("input", update);
    textarea.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        dismissedAt = token ? token.start : -1;
        close();
        return;
      }
      if (!people.length) { return; }
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        setActive(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if ((event.key === "Enter" || event.key === "Tab") && active >= 0 && !event.shiftKey) {
        event.preventDefault();
        choose(active);
      }
    });
    textarea.addEventListener("blur", function () { setTimeout(close, 150); });
    textarea.addEventListener("click", function () {
      if (!list.hidden && !findToken()) { close(); }
    });
  }

  function setUpAll() {
    document.querySelectorAll("form[data-mention-url]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
