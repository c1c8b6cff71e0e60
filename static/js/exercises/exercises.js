// Structured-reporting exercises: measurement transfer and result polling.
// Progressive enhancement only: without JavaScript the same buttons post the form.
(function () {
  "use strict";

  function announce(region, text) {
    if (!region) return;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  function setField(form, name, value) {
    var elements = form.querySelectorAll('[name="' + name + '"]');
    if (!elements.length) return false;
    var first = elements[0];
    if (first.type === "checkbox" || first.type === "radio") {
      var wanted = Array.isArray(value) ? value.map(String) : [String(value)];
      if (elements.length === 1 && first.type === "checkbox" && typeof value === "boolean") {
        first.checked = value;
      } else {
        elements.forEach(function (el) { el.checked = wanted.indexOf(el.value) !== -1; });
      }
    } else {
      first.value = Array.isArray(value) ? value.join(", ") : String(value);
    }
    first.dispatchEvent(new Event("change", { bubbles: true }));
    return true;
  }

  function initTransfer() {
    var button = document.getElementById("transfer-button");
    if (!button) return;
    var status = document.getElementById("transfer-status");
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var form = button.form;
      button.disabled = true;
      announce(status, "Transferring measurements…");
      fetch(button.dataset.transferUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin"
      })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (data) {
          var filled = [];
          Object.keys(data.values || {}).forEach(function (name) {
            if (setField(form, name, data.values[name])) filled.push(name);
          });
          var skipped = (data.notes || []).filter(function (n) {
            return n.field && n.kind !== "filled";
          }).length;
          announce(status, "Transferred " + filled.length + " measurement" +
            (filled.length === 1 ? "" : "s") + " from the case" +
            (skipped ? "; " + skipped + " field" + (skipped === 1 ? " was" : "s were") +
              " not filled (nothing unambiguous in the case)" : "") +
            ". Check every value before you submit.");
        })
        .catch(function () {
          announce(status, "The measurements could not be transferred. Try again, or fill in the values by hand.");
        })
        .finally(function () { button.disabled = false; });
    });
  }

  // Enter in a report field would "click" the form's first submit button, which is the
  // transfer button, and overwrite what the trainee typed. Save the draft instead.
  function initEnterKey() {
    var button = document.getElementById("transfer-button");
    if (!button || !button.form) { return; }
    var form = button.form;
    var save = form.querySelector('button[name="action"][value="save"]');
    form.addEventListener("keydown", function (event) {
      var target = event.target;
      if (event.key !== "Enter" || !save || target.tagName !== "INPUT") { return; }
      if (target.type === "checkbox" || target.type === "radio") { return; }
      event.preventDefault();
      form.requestSubmit(save);
    });
  }

  function initPolling() {
    document.querySelectorAll("[data-poll-url]").forEach(function (region) {
      var url = region.dataset.pollUrl;
      var interval = parseInt(region.dataset.pollInterval || "1500", 10);
      var last = region.innerHTML;
      var failures = 0;
      function tick() {
        fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } })
          .then(function (response) {
            if (!response.ok) throw new Error("HTTP " + response.status);
            return response.text();
          })
          .then(function (html) {
            failures = 0;
            if (html !== last) {
              region.innerHTML = html;
              last = html;
            }
            var root = region.querySelector("[data-final]");
            if (root && root.dataset.final === "true") return;
            window.setTimeout(tick, interval);
          })
          .catch(function () {
            failures += 1;
            if (failures < 20) window.setTimeout(tick, interval * 2);
          });
      }
      window.setTimeout(tick, interval);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    initTransfer();
    initEnterKey();
    initPolling();
  });
})();
