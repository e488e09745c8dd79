// copse works fully without this file. It only adds comfort: a confirmation before
// destructive buttons, focus on the error summary, and hiding cadence fields that do
// not apply to the chosen cadence.
"use strict";

document.addEventListener("submit", function (event) {
  var form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.getAttribute("data-confirm"))) {
    event.preventDefault();
  }
});

document.addEventListener("DOMContentLoaded", function () {
  // GOV.UK pattern: move focus to the error summary so screen readers announce it.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }

  var kinds = document.querySelectorAll("input[name=cadence]");
  var parts = document.querySelectorAll("[data-cadence]");
  if (!kinds.length || !parts.length) {
    return;
  }
  function update() {
    var chosen = document.querySelector("input[name=cadence]:checked");
    var kind = chosen ? chosen.value : "";
    parts.forEach(function (el) {
      var wants = el.getAttribute("data-cadence").split(" ");
      el.hidden = wants.indexOf(kind) < 0;
    });
  }
  kinds.forEach(function (k) { k.addEventListener("change", update); });
  update();
});
