// The claim form shows the part of the chosen holding only: the claimants' rows for one person or several
// jointly (one row for one person, more once typed in), the family's name, mandate and members for a family or
// lineage. Without script every part stays shown, and the server reads only the part of the holding chosen
// (adjudication/pages/claim_forms.py). Hidden parts keep what was typed: choosing their holding again shows it.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var radios = document.querySelectorAll("input[name=holding]");
  var sections = document.querySelectorAll("[data-holding]");
  if (!radios.length || !sections.length) { return; }

  function typedIn(row) {
    return Array.prototype.some.call(row.querySelectorAll("input, select, textarea"), function (field) {
      if (field.type === "checkbox" || field.type === "radio") { return field.checked; }
      return field.type !== "hidden" && field.value.trim() !== "";
    });
  }

  function show() {
    var checked = document.querySelector("input[name=holding]:checked");
    var chosen = checked ? checked.value : "";
    sections.forEach(function (section) {
      section.hidden = chosen !== "" && section.getAttribute("data-holding").split(" ").indexOf(chosen) < 0;
      // One person claims alone: the rows for more persons are hidden while nothing is typed in them.
      section.querySelectorAll("[data-holding-more]").forEach(function (row) {
        row.hidden = chosen === "individual" && !typedIn(row);
      });
    });
  }

  radios.forEach(function (radio) { radio.addEventListener("change", show); });
  show();
});
