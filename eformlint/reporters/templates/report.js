/* Filtering, search and shareable anchors. The script never inserts markup: it only
   toggles the hidden attribute and sets textContent, so no form content can run. */
(function () {
  "use strict";

  var filters = document.getElementById("filters");
  if (!filters) {
    return;
  }
  var findings = Array.prototype.slice.call(document.querySelectorAll("li.fd"));
  var groups = Array.prototype.slice.call(document.querySelectorAll("#details .group"));
  var forms = Array.prototype.slice.call(document.querySelectorAll("#details section.form"));
  var status = filters.querySelector(".status");
  var noMatch = document.querySelector(".no-match");
  var locale = filters.getAttribute("data-lang") === "vi" ? "vi-VN" : "en-GB";
  var numberFormat = new Intl.NumberFormat(locale);
  var searchTexts = null;

  // The area of each finding comes from its rule, and the form from its section, so the
  // markup of a finding stays small.
  var ruleAreas = {};
  Array.prototype.forEach.call(filters.elements.rule.options, function (option) {
    ruleAreas[option.value] = { area: option.getAttribute("data-area"), app: option.getAttribute("data-app") };
  });
  var formOf = new Map();
  forms.forEach(function (form) {
    Array.prototype.forEach.call(form.querySelectorAll("li.fd"), function (item) {
      formOf.set(item, form.getAttribute("data-form"));
    });
  });

  // Fold case and Vietnamese diacritics so "truong" finds "Trường".
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/\u0111/g, "d").replace(/\u0110/g, "D").toLowerCase();
  }

  function state() {
    var severities = {};
    Array.prototype.forEach.call(filters.querySelectorAll("input[name=sev]"), function (box) {
      severities[box.value] = box.checked;
    });
    return {
      severities: severities,
      area: filters.elements.area.value,
      rule: filters.elements.rule.value,
      form: filters.elements.form.value,
      query: fold(filters.elements.q.value.trim())
    };
  }

  function matchesArea(item, area) {
    if (!area) {
      return true;
    }
    var parts = area.split(":");
    var areas = ruleAreas[item.getAttribute("data-rule")] || {};
    return (parts[0] === "app" ? areas.app : areas.area) === parts[1];
  }

  function apply() {
    var current = state();
    var active = current.area || current.rule || current.form || current.query ||
      Object.keys(current.severities).some(function (key) { return !current.severities[key]; });
    if (current.query && searchTexts === null) {
      searchTexts = findings.map(function (item) { return fold(item.textContent); });
    }
    var shown = 0;
    var perGroup = new Map();
    var perForm = new Map();
    findings.forEach(function (item, index) {
      var visible = current.severities[item.getAttribute("data-sev")] !== false &&
        matchesArea(item, current.area) &&
        (!current.rule || item.getAttribute("data-rule") === current.rule) &&
        (!current.form || formOf.get(item) === current.form) &&
        (!current.query || searchTexts[index].indexOf(current.query) !== -1);
      if (item.hidden === visible) {
        item.hidden = !visible;
      }
      if (visible) {
        shown += 1;
        var group = item.parentNode.parentNode;
        perGroup.set(group, (perGroup.get(group) || 0) + 1);
        var form = formOf.get(item);
        perForm.set(form, (perForm.get(form) || 0) + 1);
      }
    });
    groups.forEach(function (group) {
      group.hidden = active && !perGroup.get(group);
    });
    forms.forEach(function (form) {
      var id = form.getAttribute("data-form");
      form.hidden = active && (!perForm.get(id) || (current.form && current.form !== id));
    });
    status.textContent = filters.getAttribute("data-shown")
      .replace("{shown}", numberFormat.format(shown))
      .replace("{total}", numberFormat.format(findings.length));
    noMatch.hidden = !(active && shown === 0);
  }

  var timer = null;
  function applySoon() {
    clearTimeout(timer);
    timer = setTimeout(apply, 120);
  }

  function reset() {
    filters.reset();
    apply();
  }

  // Open the finding or form named in the URL, clearing filters that hide it.
  function openHash() {
    var id;
    try {
      id = decodeURIComponent(location.hash.slice(1));
    } catch (error) {
      return;
    }
    var target = id ? document.getElementById(id) : null;
    if (!target) {
      return;
    }
    if (target.closest("[hidden]")) {
      reset();
    }
    Array.prototype.forEach.call(document.querySelectorAll(".highlight"), function (item) {
      item.classList.remove("highlight");
    });
    if (target.classList.contains("fd")) {
      target.classList.add("highlight");
      target.focus({ preventScroll: true });
    }
    target.scrollIntoView({ block: "start" });
  }

  filters.hidden = false;
  filters.addEventListener("change", apply);
  filters.addEventListener("input", applySoon);
  filters.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  filters.addEventListener("reset", function () { setTimeout(apply, 0); });
  window.addEventListener("hashchange", openHash);
  // A link to the anchor already in the URL fires no hashchange, but should still reveal it.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
    if (link && link.getAttribute("href") === location.hash) {
      setTimeout(openHash, 0);
    }
  });
  apply();
  openHash();
})();
