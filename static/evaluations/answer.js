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
      }
    });
    if (counter) { counter.textContent = answered; }
  }
  form.addEventListener("change", refresh);
  refresh();
})();
