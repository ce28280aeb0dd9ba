// Behaviour every page shares. Kept in a file, never inline: the Content-Security-Policy (script-src 'self')
// refuses inline scripts and event attributes, which is what stops an injected script from running.

// A form being sent: its submit buttons disabled, so a second click shows it is on its way and sends nothing,
// and the clicked button's name and value in a hidden copy (a disabled button is not sent, and the claim's
// and the dispute's moves are chosen by the button's value). The server records a form once anyway
// (landreg/web/once.py).
function landregSubmitButtons(form) {
  "use strict";
  return Array.prototype.filter.call(form.elements, function (element) {
    // The type the browser gives the element, not its attribute: a button without one submits, an input
    // without one is a text field (the person search's box was taken for a button, disabled, and not sent).
    var type = (element.type || "").toLowerCase();
    return (element.tagName === "BUTTON" && type === "submit")
      || (element.tagName === "INPUT" && (type === "submit" || type === "image"));
  });
}

function landregHold(form, submitter) {
  "use strict";
  if (submitter && submitter.name) {
    var copy = document.createElement("input");
    copy.type = "hidden";
    copy.name = submitter.name;
    copy.value = submitter.value;
    copy.setAttribute("data-submitter-copy", "");
    form.appendChild(copy);
  }
  landregSubmitButtons(form).forEach(function (button) {
    if (!button.disabled) {
      button.disabled = true;
      button.setAttribute("data-disabled-while-sending", "");
    }
  });
}

function landregRelease(form) {
  "use strict";
  delete form.dataset.sending;
  form.querySelectorAll("input[data-submitter-copy]").forEach(function (copy) { copy.remove(); });
  landregSubmitButtons(form).forEach(function (button) {
    if (button.hasAttribute("data-disabled-while-sending")) {
      button.disabled = false;
      button.removeAttribute("data-disabled-while-sending");
    }
  });
}

document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  // The language menu submits itself when a language is chosen (the button is for browsers without script).
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // « Tout cocher »: ticks every box named by the button's data-tick-all in its form (the signing page leaves
  // them unticked, so that a signer ticks what they sign, or all of them knowingly). Hidden without script.
  document.querySelectorAll("button[data-tick-all]").forEach(function (button) {
    var name = button.getAttribute("data-tick-all");
    button.hidden = false;
    button.addEventListener("click", function () {
      Array.prototype.forEach.call(button.form.elements, function (element) {
        if (element.type === "checkbox" && element.name === name) { element.checked = true; }
      });
    });
  });

  // A form is sent once per click: a double click (or a second, impatient one) sent it twice and recorded
  // twice (two drafts of one claim were seen). A click a few seconds later sends it again: an answer that
  // never came, or a download that left the page as it was.
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sending) { event.preventDefault(); return; }
      form.dataset.sending = "1";
      landregHold(form, event.submitter);
      window.setTimeout(function () { landregRelease(form); }, 5000);
    });
  });
});

// A page shown again from the browser's history (Back) takes clicks at once.
window.addEventListener("pageshow", function () {
  "use strict";
  document.querySelectorAll("form[data-sending]").forEach(landregRelease);
});
