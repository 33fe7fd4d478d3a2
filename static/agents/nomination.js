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
    loadEligibility();
  });

  document.addEventListener("change", function (event) {
    if (event.target.id === "id_candidate" || event.target.id === "id_period") { loadEligibility(); }
  });

  document.addEventListener("DOMContentLoaded", loadEligibility);
})();
