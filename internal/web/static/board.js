// board.js makes the topic board and the meeting pages more comfortable; they work
// fully without it. On the board, votes and moves happen without a reload (through
// the JSON API, with the session's cookie) and the core team can drag a topic to
// another column; the move form stays, for the keyboard. On every page, a meeting's
// time gets the reader's own time beside it when their time zone differs.
"use strict";

(function () {
  var status = document.querySelector("[data-board-status]");
  function say(text) {
    if (status) {
      status.textContent = "";
      window.setTimeout(function () { status.textContent = text; }, 50);
    }
  }

  function api(method, path, body) {
    var opts = { method: method, credentials: "same-origin", headers: { "Accept": "application/json" } };
    if (body) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    return fetch(path, opts).then(function (res) {
      return res.json().then(function (data) {
        if (!res.ok) {
          throw new Error(data.detail || "That did not work; reload the page and try again.");
        }
        return data;
      });
    });
  }

  var board = document.querySelector("[data-board]");
  var slug = board && board.getAttribute("data-slug");
  function topicPath(id) { return "/api/v1/communities/" + slug + "/topics/" + id; }

  function plural(n) { return n === 1 ? "1 vote" : n + " votes"; }

  function recount() {
    board.querySelectorAll(".board-column").forEach(function (col) {
      var n = col.querySelectorAll(".topic-card").length;
      var count = col.querySelector("[data-count]");
      if (count) {
        count.textContent = String(n);
      }
      var empty = col.querySelector("[data-empty]");
      if (empty) {
        empty.hidden = n > 0;
      }
    });
  }

  function moveCard(card, topic) {
    var list = board.querySelector('[data-drop="' + topic.stage + '"]');
    if (!list) {
      return;
    }
    card.setAttribute("data-stage", topic.stage);
    var select = card.querySelector("select[name=stage]");
    if (select) {
      select.value = topic.stage;
    }
    if (!topic.stage.match(/^(proposed|planned)$/)) {
      var vote = card.querySelector("form[data-vote]");
      if (vote) {
        vote.remove(); // voting closes once a topic has been discussed
      }
    }
    list.appendChild(card);
    recount();
    var title = card.querySelector(".topic-title").textContent;
    var column = board.querySelector("#col-" + topic.stage);
    say("Moved “" + title + "” to " + (column ? column.firstChild.textContent.trim() : topic.stage) + ".");
  }

  function move(card, stage) {
    return api("PATCH", topicPath(card.getAttribute("data-topic")), { stage: stage })
      .then(function (topic) { moveCard(card, topic); })
      .catch(function (err) { say(err.message); });
  }

  if (board) {
    board.addEventListener("submit", function (event) {
      var form = event.target;
      var card = form.closest(".topic-card");
      if (!card) {
        return;
      }
      if (form.hasAttribute("data-move")) {
        event.preventDefault();
        move(card, form.querySelector("select[name=stage]").value);
      } else if (form.hasAttribute("data-vote")) {
        event.preventDefault();
        var voted = form.hasAttribute("data-voted");
        api(voted ? "DELETE" : "POST", topicPath(card.getAttribute("data-topic")) + "/votes").then(function (topic) {
          card.querySelector("[data-votes]").textContent = plural(topic.votes);
          var button = form.querySelector("button");
          form.toggleAttribute("data-voted", topic.voted);
          form.action = form.action.replace(/\/(un)?vote$/, topic.voted ? "/unvote" : "/vote");
          button.setAttribute("aria-pressed", topic.voted ? "true" : "false");
          button.classList.toggle("button-secondary", topic.voted);
          button.firstChild.textContent = topic.voted ? "Voted" : "Vote";
          say(topic.voted ? "Your vote is counted: " + plural(topic.votes) + "." : "Your vote is taken back: " + plural(topic.votes) + ".");
        }).catch(function (err) { say(err.message); });
      }
    });

    // Dragging is for the core team, who see the move form; the form does the same
    // from the keyboard.
    if (board.hasAttribute("data-can-move")) {
      var dragged = null;
      board.querySelectorAll(".topic-card").forEach(function (card) {
        card.draggable = true;
        card.addEventListener("dragstart", function (event) {
          dragged = card;
          card.classList.add("dragging");
          event.dataTransfer.effectAllowed = "move";
          event.dataTransfer.setData("text/plain", card.getAttribute("data-topic"));
        });
        card.addEventListener("dragend", function () {
          card.classList.remove("dragging");
          dragged = null;
        });
      });
      board.querySelectorAll(".board-column").forEach(function (col) {
        col.addEventListener("dragover", function (event) {
          if (dragged) {
            event.preventDefault();
            col.classList.add("drop-target");
          }
        });
        col.addEventListener("dragleave", function () { col.classList.remove("drop-target"); });
        col.addEventListener("drop", function (event) {
          event.preventDefault();
          col.classList.remove("drop-target");
          var stage = col.getAttribute("data-stage");
          if (dragged && dragged.getAttribute("data-stage") !== stage) {
            move(dragged, stage);
          }
        });
      });
    }
  }

  // The reader's own time, when their zone is not the meeting's.
  var fmt;
  try {
    fmt = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
  } catch (e) {
    return;
  }
  document.querySelectorAll("time[data-local]").forEach(function (el) {
    var at = new Date(el.getAttribute("data-local"));
    var mine = fmt.format(at);
    if (isNaN(at) || el.textContent.indexOf(mine) >= 0) {
      return;
    }
    var own = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", hour12: false }).format(at);
    if (el.textContent.indexOf(", " + own + "–") >= 0 || el.textContent.indexOf(", " + own + " ") >= 0) {
      return; // the same wall-clock time: the reader is in the meeting's zone, or one like it
    }
    var span = document.createElement("span");
    span.className = "local-time";
    span.textContent = " (your time: " + mine + ")";
    el.after(span);
  });
})();
