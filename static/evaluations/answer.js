// Answer page: keep the "answered" counter and the item markers up to date, without inline scripts (CSP).
(function () {
  var form = document.getElementById("answer-form");
  if (!form) { return; }
  var counter = document.getElementById("answered-count");
  function refresh() {
    var cards = form.querySelectorAll(".item-card");
    var answered = 0;
    cards.forEach(function (card) {
      var checked = card.querySelector("input[type=radio]:checked");
      card.classList.toggle("is-answered", !!checked);
      if (checked) {
        answered += 1;
        card.classList.remove("has-error");
        var error = card.querySelector(".item-error");
        if (error) { error.remove(); }
        var group = card.querySelector("fieldset[aria-invalid]");
        if (group) {
          group.removeAttribute("aria-invalid");
          group.removeAttribute("aria-describedby");
        }
      }
    });
    if (counter) { counter.textContent = answered; }
  }
  form.addEventListener("change", refresh);
  refresh();

  // The bar with the submit buttons sticks to the bottom of the screen: keep a focused item above it, not under it.
  var bar = form.querySelector(".answer-actions");
  function padForBar() {
    document.documentElement.style.scrollPaddingBottom = bar ? (bar.offsetHeight + 16) + "px" : "";
  }
  padForBar();
  window.addEventListener("resize", padForBar);
  // A scale radio is clipped to nothing and the browser scrolls only that point into view; bring its whole label
  // (what the user sees focused) into view, above the bar.
  form.addEventListener("focusin", function (event) {
    var input = event.target;
    if (input.classList.contains("btn-check") && input.labels && input.labels.length) {
      input.labels[0].scrollIntoView({ block: "nearest" });
    }
  });
})();
