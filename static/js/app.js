// Small behaviours without inline scripts (the Content-Security-Policy forbids them).
document.addEventListener("change", function (event) {
  if (event.target.classList.contains("js-autosubmit")) {
    event.target.form.submit();
  }
});
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// Skip link: move focus into the target (not only the scroll position), so the next Tab starts inside it.
document.addEventListener("click", function (event) {
  var link = event.target.closest("a.js-skip-link, a.js-focus-target");
  if (!link) { return; }
  var target = document.getElementById(link.getAttribute("href").slice(1));
  if (!target) { return; }
  event.preventDefault();
  if (!target.matches("a[href], button, input, select, textarea, [tabindex]")) {
    target.setAttribute("tabindex", "-1");
    target.addEventListener("blur", function () { target.removeAttribute("tabindex"); }, { once: true });
  }
  target.focus();
});
// After a failed submit: focus the error summary if the page has one, else the first invalid field, so a keyboard
// or screen-reader user lands on the problem (the field's error is tied to it with aria-describedby).
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  var first = summary || document.querySelector(
    "main form input[aria-invalid=true], main form select[aria-invalid=true], main form textarea[aria-invalid=true]");
  if (first && !document.querySelector("[autofocus]")) { first.focus(); }
});

// A control that works only through htmx (a preview button, a search-as-you-type box) is rendered disabled with
// data-needs-script, and enabled here once htmx has processed it: before that, a click or a keystroke would do
// nothing, which a person on a slow connection would take for a broken page.
if (window.htmx) {
  window.htmx.onLoad(function (root) {
    var controls = Array.prototype.slice.call(root.querySelectorAll("[data-needs-script]"));
    if (root.matches && root.matches("[data-needs-script]")) { controls.push(root); }
    controls.forEach(function (control) { control.disabled = false; });
  });
}
