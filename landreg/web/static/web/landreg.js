// Behaviour every page shares. Kept in a file, never inline: the Content-Security-Policy (script-src 'self')
// refuses inline scripts and event attributes, which is what stops an injected script from running.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  // The language menu submits itself when a language is chosen (the button is for browsers without script).
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
});
