/* The book's scripts, all working with the page opened from disk (no request, no search index):
   the filter box over the figures' tables, the buttons that copy a citation, and, on the search
   page, a link from a number searched for to the figures that print it. */
(function () {
  "use strict";

  // Opened from disk, a browser refuses the search page's fetch of each result's page (for its
  // summary): the results are listed without summaries instead of logging "Failed to fetch".
  // (Sphinx declares DOCUMENTATION_OPTIONS with const: a global binding, not a property of window.)
  if (window.location.protocol === "file:" && typeof DOCUMENTATION_OPTIONS !== "undefined") {
    DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;
  }

  // Numbers compare without their thousands separators and spaces: 123,000 = 123000; 3.62 million = 3.62million.
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

  // The theme's search matches words, so "123,000" or "3.62 million" finds nothing useful; the figures
  // page's filter reads every printed form. A query with a digit gets a link to it, above the results.
  function linkNumberSearch() {
    var results = document.getElementById("search-results");
    var query = new URLSearchParams(window.location.search).get("q") || "";
    var root = document.documentElement.getAttribute("data-content_root") || "";
    if (!results || !/[0-9]/.test(query)) { return; }
    var note = document.createElement("p");
    note.className = "number-search";
    var link = document.createElement("a");
    link.href = root + "notebooks/01_figures.html?find=" + encodeURIComponent(query);
    link.textContent = "the figures that print " + query;
    note.appendChild(document.createTextNode("Looking for a number? See "));
    note.appendChild(link);
    note.appendChild(document.createTextNode(" (the figures page's filter reads a number with or without its thousands separators, and with its scale word)."));
    results.parentNode.insertBefore(note, results);
  }

  function setUp() {
    linkNumberSearch();
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
