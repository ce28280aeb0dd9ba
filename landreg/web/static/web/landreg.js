// Behaviour every page shares. Kept in a file, never inline: the Content-Security-Policy (script-src 'self')
// refuses inline scripts and event attributes, which is what stops an injected script from running.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  // The language menu submits itself when a language is chosen (the button is for browsers without script).
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // A form is sent once per click: a double click (or a second, impatient one) sent it twice and recorded
  // twice (two drafts of one claim were seen). A click a few seconds later sends it again: an answer that
  // never came, or a download that left the page as it was.
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sending) { event.preventDefault(); return; }
      form.dataset.sending = "1";
      window.setTimeout(function () { delete form.dataset.sending; }, 5000);
    });
  });
});

// A page shown again from the browser's history (Back) takes clicks at once.
window.addEventListener("pageshow", function () {
  "use strict";
  document.querySelectorAll("form[data-sending]").forEach(function (form) { delete form.dataset.sending; });
});
