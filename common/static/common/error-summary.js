// The error summary at the top of a form: it takes the focus when the page opens (a
// screen reader reads it, a phone shows it), and each of its links puts the focus in its
// field, or in the visible control that stands for it (the region picker hides its select).
(function () {
  "use strict";

  function target(id) {
    var field = document.getElementById(id);
    if (!field) return null;
    if (!field.hidden && field.offsetParent !== null) return field;
    var box = field.closest(".field");
    return (box && box.querySelector("input:not([type=hidden]):not([hidden]), select:not([hidden]), textarea")) || field;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-field]");
      if (!link) return;
      var field = target(link.getAttribute("data-field"));
      if (!field) return;
      event.preventDefault();
      var box = field.closest(".field") || field;
      box.scrollIntoView({ block: "center" });
      field.focus({ preventScroll: true });
    });
  });
})();
