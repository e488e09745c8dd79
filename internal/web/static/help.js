// Community help works fully without this file. It adds two comforts: while a
// question's title is typed, the questions and resources like it appear below it
// (the "Check for similar questions" button does the same without JavaScript);
// and times on the help and status pages are also given in the reader's zone.
"use strict";

(function () {
  var stop = ("how the and for with can does what why when where which our you this that from into not are was get use there any")
    .split(" ");

  // The words of a title that say something, as the server picks them.
  function significant(s) {
    var keep = [];
    s.toLowerCase().split(/\s+/).forEach(function (w) {
      w = w.replace(/^[?!.,:;"'()\[\]]+|[?!.,:;"'()\[\]]+$/g, "");
      if (w.length > 2 && stop.indexOf(w) < 0 && keep.length < 5) {
        keep.push(w);
      }
    });
    return keep;
  }

  var form = document.querySelector("form[data-similar]");
  var title = form && form.querySelector("#title");
  var box = document.getElementById("similar");
  if (title && box && window.fetch) {
    var timer, last = "";

    // Search matches every word; when the whole title finds little, fewer words are tried.
    var search = function (words, found) {
      var url = "/api/v1/search?limit=20&q=" + encodeURIComponent(words.join(" "));
      return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (data) {
          (data.items || []).forEach(function (it) {
            var seen = found.some(function (f) { return f.kind === it.kind && f.id === it.id; });
            if ((it.kind === "question" || it.kind === "resource") && !seen && found.length < 6) {
              found.push(it);
            }
          });
          return found.length < 3 && words.length > 1 ? search(words.slice(0, -1), found) : found;
        });
    };

    var render = function (items, typed) {
      box.textContent = "";
      if (!items.length) {
        if (typed) {
          var none = document.createElement("p");
          none.className = "hint";
          none.textContent = "Nothing like it yet: ask away.";
          box.appendChild(none);
        }
        return;
      }
      var h = document.createElement("h2");
      h.className = "similar-title";
      h.textContent = "Asked or answered before?";
      var hint = document.createElement("p");
      hint.className = "hint";
      hint.textContent = "One of these may already solve it.";
      var list = document.createElement("ul");
      list.className = "similar-list";
      items.forEach(function (it) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = it.url;
        a.textContent = it.title;
        var where = document.createElement("span");
        where.className = "muted";
        where.textContent = (it.kind === "question" ? "Question" : "Resource") + (it.community ? " in " + it.community.name : "");
        li.appendChild(a);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(where);
        list.appendChild(li);
      });
      box.appendChild(h);
      box.appendChild(hint);
      box.appendChild(list);
    };

    var look = function () {
      var words = significant(title.value);
      var q = words.join(" ");
      if (q === last) {
        return;
      }
      last = q;
      if (!words.length) {
        render([], false);
        return;
      }
      search(words, []).then(function (found) {
        if (q === last) { // a later keystroke has not overtaken this answer
          render(found, true);
        }
      }).catch(function () { /* the button still works */ });
    };
    title.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(look, 350);
    });
  }

  // The reader's own time beside a time given in UTC, when their zone differs.
  var fmt;
  try {
    fmt = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
  } catch (e) {
    return;
  }
  if (new Date().getTimezoneOffset() === 0) {
    return;
  }
  document.querySelectorAll("time[data-local]").forEach(function (el) {
    var at = new Date(el.getAttribute("data-local"));
    if (isNaN(at)) {
      return;
    }
    var span = document.createElement("span");
    span.className = "local-time";
    span.textContent = " (your time: " + fmt.format(at) + ")";
    el.after(span);
  });
})();
