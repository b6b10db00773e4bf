// Rumbo web chat: plain JavaScript, no external resources.
(function () {
  "use strict";
  var log = document.getElementById("log");
  var form = document.getElementById("form");
  var input = document.getElementById("text");

  var FALLBACK_EXIT = "https://www.google.com";

  // In a danger reply, every 911 is a tap-to-call link (built as nodes, never as HTML).
  function withCallLinks(div, text) {
    var parts = text.split(/(\b911\b)/);
    parts.forEach(function (part) {
      if (part === "911") {
        var a = document.createElement("a");
        a.href = "tel:911";
        a.className = "call";
        a.textContent = "911";
        div.appendChild(a);
      } else if (part) {
        div.appendChild(document.createTextNode(part));
      }
    });
  }

  function bubble(text, who, urgent, kind) {
    var div = document.createElement("div");
    div.className = "msg " + who + (urgent ? " urgent" : "");
    if (kind === "urgent") {
      withCallLinks(div, text);
    } else if (kind === "answer" && text.indexOf("\n") > 0) {
      var title = document.createElement("strong");
      title.textContent = text.slice(0, text.indexOf("\n"));
      div.appendChild(title);
      div.appendChild(document.createTextNode(text.slice(text.indexOf("\n"))));
    } else {
      div.textContent = text;
    }
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
    return div;
  }

  function choices(list, locationRequest) {
    if (!list.length && !locationRequest) return;
    var box = document.createElement("div");
    box.className = "choices";
    list.forEach(function (choice) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = choice.label;
      b.addEventListener("click", function () { send({ choice_id: choice.id }, choice.label); });
      box.appendChild(b);
    });
    if (locationRequest && navigator.geolocation) {
      var loc = document.createElement("button");
      loc.type = "button";
      loc.textContent = "📍";
      loc.title = "Compartir ubicación / Share location";
      loc.addEventListener("click", function () {
        navigator.geolocation.getCurrentPosition(function (pos) {
          send({ location: [pos.coords.latitude, pos.coords.longitude] }, "📍");
        });
      });
      box.appendChild(loc);
    }
    log.appendChild(box);
    log.scrollTop = log.scrollHeight;
  }

  function send(body, shown) {
    if (shown) bubble(shown, "me");
    fetch("/chat/message", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify(body)
    }).then(function (r) { return r.json(); }).then(function (data) {
      (data.replies || []).forEach(function (reply, i) {
        bubble(reply.text, "bot", data.urgent && i === 0, reply.kind);
        choices(reply.choices || [], reply.location_request);
      });
    }).catch(function () {
      bubble("No se pudo enviar. Intenta de nuevo. / Could not send. Try again.", "bot");
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    input.value = "";
    send({ text: text }, text || " ");
  });

  // Replies a caseworker writes later arrive here.
  setInterval(function () {
    fetch("/chat/updates", { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        (data.replies || []).forEach(function (reply) {
          bubble(reply.text, "bot", false, reply.kind);
          choices(reply.choices || [], false);
        });
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

  send({ choice_id: "start" }, null);
}());
