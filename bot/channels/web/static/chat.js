// Rumbo web chat: plain JavaScript, no external resources. Every text from the server is put on
// the page as text nodes (links are built as elements, never as HTML).
(function () {
  "use strict";
  var log = document.getElementById("log");
  var form = document.getElementById("form");
  var input = document.getElementById("text");

  var FALLBACK_EXIT = "https://www.google.com";
  var RATE_WORDS = {
    es: { up: "Me sirvió", down: "No me sirvió" },
    en: { up: "It helped", down: "It did not help" }
  };
  var lang = document.documentElement.lang || "es";

  // Web addresses, phone numbers (7 digits or more, spaces and dashes allowed, +593 too) and the
  // short emergency lines 911 and 171. A date such as 2025-06-01 is not a phone number.
  var LINKABLE = /(https?:\/\/[^\s<>()]+[^\s<>().,;:!?]|\bwww\.[^\s<>()]+[^\s<>().,;:!?]|\+?\d[\d \-]{5,}\d|\b911\b|\b171\b)/g;
  var DATE = /^\d{4}-\d{2}-\d{2}$/;

  function digits(text) { return text.replace(/[^\d+]/g, ""); }

  function link(part) {
    var a = document.createElement("a");
    if (/^(https?:\/\/|www\.)/.test(part)) {
      a.href = part.indexOf("www.") === 0 ? "https://" + part : part;
      a.className = "link";
      a.rel = "noopener noreferrer";
      a.target = "_blank";
    } else {
      a.href = "tel:" + digits(part);
      a.className = "call";
    }
    a.textContent = part;
    return a;
  }

  // Text with its links and numbers tappable.
  function fill(node, text) {
    var last = 0;
    text.replace(LINKABLE, function (match, _g, offset) {
      var count = digits(match).replace("+", "").length;
      var phone = !/^(https?:|www\.)/.test(match);
      if (phone && (DATE.test(match.trim()) || (count < 7 && count !== 3))) return match;
      if (offset > last) node.appendChild(document.createTextNode(text.slice(last, offset)));
      node.appendChild(link(match));
      last = offset + match.length;
      return match;
    });
    if (last < text.length) node.appendChild(document.createTextNode(text.slice(last)));
  }

  function setLang(code) {
    if (code !== "es" && code !== "en") return;
    lang = code;
    document.documentElement.lang = code;  // screen readers read the answer in its language
  }

  function bubble(text, who, urgent, kind) {
    var div = document.createElement("div");
    div.className = "msg " + who + (urgent ? " urgent" : "");
    if (who === "bot") div.lang = lang;
    if (kind === "answer" && text.indexOf("\n") > 0) {
      var title = document.createElement("strong");
      title.textContent = text.slice(0, text.indexOf("\n"));
      div.appendChild(title);
      fill(div, text.slice(text.indexOf("\n")));
    } else {
      fill(div, text);
    }
    log.appendChild(div);
    return div;
  }

  // The line that introduces the buttons ("... elige un tema:") stays right above them: what a
  // reply says after that line (the privacy notice) is shown below the buttons.
  function splitIntro(text) {
    var lines = text.split("\n");
    for (var i = lines.length - 2; i >= 0; i--) {
      if (/:\s*$/.test(lines[i])) {
        return [lines.slice(0, i + 1).join("\n"), lines.slice(i + 1).join("\n").trim()];
      }
    }
    return [text, ""];
  }

  function choices(list, locationRequest) {
    if (!list.length && !locationRequest) return null;
    var box = document.createElement("div");
    box.className = "choices";
    box.lang = lang;
    list.forEach(function (choice) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = choice.label;
      var rate = /^rate:(up|down):/.exec(choice.id);
      if (rate) {
        b.className = "rate";
        b.setAttribute("aria-label", (RATE_WORDS[lang] || RATE_WORDS.es)[rate[1]]);
      }
      b.addEventListener("click", function () { send({ choice_id: choice.id }, choice.label); });
      box.appendChild(b);
    });
    if (locationRequest && navigator.geolocation) {
      var loc = document.createElement("button");
      loc.type = "button";
      loc.textContent = "📍";
      loc.title = "Compartir ubicación / Share location";
      loc.setAttribute("aria-label", lang === "en" ? "Share my location" : "Compartir mi ubicación");
      loc.addEventListener("click", function () {
        navigator.geolocation.getCurrentPosition(function (pos) {
          send({ location: [pos.coords.latitude, pos.coords.longitude] }, "📍");
        });
      });
      box.appendChild(loc);
    }
    log.appendChild(box);
    return box;
  }

  function show(reply, urgent) {
    var list = reply.choices || [];
    // Only a menu-like reply is split: an answer's own "Requisitos:" lines stay in place.
    var parts = list.length && reply.kind !== "answer" ? splitIntro(reply.text) : [reply.text, ""];
    var first = bubble(parts[0], "bot", urgent, reply.kind);
    choices(list, reply.location_request);
    if (parts[1]) {
      var note = document.createElement("p");
      note.className = "note";
      note.lang = lang;
      fill(note, parts[1]);
      log.appendChild(note);
    }
    return first;
  }

  // Bring the start of the new reply into view (not the bottom: a long answer is read from
  // its first line).
  var header = document.querySelector("header");
  function reveal(node) {
    if (!node) return;
    // Below the sticky header, whatever its height (it grows at 200% zoom).
    var top = node.getBoundingClientRect().top - header.getBoundingClientRect().bottom - 8;
    window.scrollBy(0, top);
  }

  function send(body, shown, quiet) {
    var mine = shown ? bubble(shown, "me") : null;
    fetch("/chat/message", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify(body)
    }).then(function (r) { return r.json(); }).then(function (data) {
      setLang(data.lang);
      var first = null;
      (data.replies || []).forEach(function (reply, i) {
        var node = show(reply, data.urgent && i === 0);
        first = first || node;
      });
      if (!quiet) reveal(first || mine);  // the first welcome stays under the greeting
    }).catch(function () {
      reveal(bubble("No se pudo enviar. Intenta de nuevo. / Could not send. Try again.", "bot"));
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    input.value = "";
    send({ text: text }, text || " ");
  });

  Array.prototype.forEach.call(document.querySelectorAll("#languages button"), function (b) {
    b.addEventListener("click", function () {
      send({ choice_id: b.getAttribute("data-choice") }, b.textContent);
    });
  });

  // Replies a caseworker writes later arrive here.
  setInterval(function () {
    fetch("/chat/updates", { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var first = null;
        (data.replies || []).forEach(function (reply) {
          var node = show(reply, false);
          first = first || node;
        });
        if (first) reveal(first);
      }).catch(function () {});
  }, 5000);

  // Quick exit: end the session on the server first (the cookie is HttpOnly), clear what is
  // on screen, then replace this page in the history so Back does not return to it.
  document.getElementById("quick-exit").addEventListener("click", function () {
    var go = function (url) { window.location.replace(url || FALLBACK_EXIT); };
    var ended = fetch("/chat/exit", { method: "POST", credentials: "same-origin" });
    log.textContent = "";
    input.value = "";
    ended
      .then(function (r) { return r.json(); })
      .then(function (data) { go(data.url); })
      .catch(function () { go(FALLBACK_EXIT); });
  });

  send({ choice_id: "start" }, null, true);
}());
