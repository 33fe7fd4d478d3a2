// Nomination form: pick a candidate from the search results, then show each eligibility rule (htmx).
(function () {
  function nipInput() { return document.getElementById("id_candidate"); }
  function periodInput() { return document.getElementById("id_period"); }

  function loadEligibility() {
    var box = document.getElementById("eligibility");
    var nip = nipInput();
    var period = periodInput();
    if (!box || !nip || !nip.value.trim() || !window.htmx) { return; }
    var url = box.getAttribute("data-url") + "?candidate=" + encodeURIComponent(nip.value.trim()) +
      "&period=" + encodeURIComponent(period ? period.value : "");
    window.htmx.ajax("GET", url, { target: "#eligibility", swap: "innerHTML" });
  }

  document.addEventListener("click", function (event) {
    var item = event.target.closest(".js-pick-candidate");
    if (!item) { return; }
    event.preventDefault();
    var nip = nipInput();
    if (nip) { nip.value = item.getAttribute("data-nip"); }
    var search = document.getElementById("candidate-search");
    if (search) { search.value = item.getAttribute("data-name"); }
    var results = document.getElementById("candidate-results");
    if (results) { results.innerHTML = ""; }
    // The picked button is gone with the list: give focus back to the search box (now showing the name), so a
    // keyboard user keeps their place; the eligibility panel announces itself (aria-live).
    if (search) { search.focus(); }
    loadEligibility();
  });

  // Keyboard: Arrow Down from the search box goes to the first result; Arrow Up/Down move between results;
  // Escape goes back to the search box. Tab also reaches the results (they are buttons, in page order).
  document.addEventListener("keydown", function (event) {
    var search = document.getElementById("candidate-search");
    var results = document.getElementById("candidate-results");
    if (!search || !results) { return; }
    var buttons = Array.prototype.slice.call(results.querySelectorAll(".js-pick-candidate"));
    var index = buttons.indexOf(event.target);
    if (event.target !== search && index < 0) { return; }
    var next = null;
    if (event.key === "ArrowDown") {
      next = index < 0 ? buttons[0] : buttons[Math.min(index + 1, buttons.length - 1)];
    } else if (event.key === "ArrowUp" && index >= 0) {
      next = index === 0 ? search : buttons[index - 1];
    } else if (event.key === "Escape" && index >= 0) {
      next = search;
    }
    if (next) {
      event.preventDefault();
      next.focus();
    }
  });

  document.addEventListener("change", function (event) {
    if (event.target.id === "id_candidate" || event.target.id === "id_period") { loadEligibility(); }
  });

  document.addEventListener("DOMContentLoaded", loadEligibility);
})();
