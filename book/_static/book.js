/* The book's two scripts, both working with the page opened from disk (no request, no search index):
   the filter box over the figures' tables, and the buttons that copy a citation. */
(function () {
  "use strict";

  // Numbers compare without their thousands separators and spaces: 391,000 = 391000; 1.43 million = 1.43million.
  function normal(text) {
    return String(text).toLowerCase().replace(/[,\s\u00a0\u202f]/g, "");
  }

  function setUpFilter(input) {
    var tables = (input.getAttribute("data-filter-tables") || "").split(" ").map(function (id) {
      return document.getElementById(id);
    }).filter(Boolean);
    var status = input.parentNode.querySelector(".figure-filter-status");
    function apply() {
      var query = normal(input.value);
      var shown = 0, total = 0;
      tables.forEach(function (table) {
        var visible = 0;
        Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (row) {
          total += 1;
          var forms = (row.getAttribute("data-search") || "").split(" | ").map(normal);
          var match = !query || forms.some(function (form) { return form.indexOf(query) !== -1; });
          row.hidden = !match;
          if (match) { visible += 1; shown += 1; }
        });
        var box = table.closest(".table-scroll") || table;
        box.hidden = visible === 0;
      });
      if (status) {
        status.textContent = query ? (shown === 1 ? "1 figure matches." : shown + " figures match.") : "";
      }
    }
    input.addEventListener("input", apply);
    var asked = new URLSearchParams(window.location.search).get("find");
    if (asked) { input.value = asked; apply(); }
  }

  function copyText(text, button) {
    function done(message) { button.textContent = message; }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done("Copied"); }, function () { fallback(); });
    } else {
      fallback();
    }
    function fallback() {
      var area = document.createElement("textarea");
      area.value = text; area.setAttribute("readonly", ""); area.style.position = "absolute"; area.style.left = "-9999px";
      document.body.appendChild(area); area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (error) { ok = false; }
      document.body.removeChild(area);
      done(ok ? "Copied" : "Select the text above to copy it");
    }
  }

  function setUp() {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-filter-tables]"), setUpFilter);
    document.addEventListener("click", function (event) {
      var button = event.target.closest && event.target.closest("button.copy-cite");
      if (!button) { return; }
      var text = button.parentNode.querySelector(".cite-text");
      if (text) { copyText(text.textContent, button); }
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setUp); } else { setUp(); }
})();
