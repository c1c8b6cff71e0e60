// Structured-reporting exercises: the reporting workstation and result polling.
// Progressive enhancement only: without JavaScript the same buttons post the form and the
// server does the same (asks before a transfer replaces typed values, asks before submit).
// Every text shown comes from the page (data-msg-* attributes, translated by Django).
(function () {
  "use strict";

  var SKIP = { csrfmiddlewaretoken: true, action: true, attempt: true, overwrite: true, apply: true };

  function fmt(template, params) {
    return String(template || "").replace(/%\((\w+)\)s/g, function (match, key) {
      return params[key] === undefined ? match : String(params[key]);
    });
  }

  function announce(region, text) {
    if (!region) return;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  function elementsNamed(form, name) {
    return Array.prototype.filter.call(form.elements, function (el) { return el.name === name; });
  }

  function reportFieldNames(form) {
    var names = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (el.name && !SKIP[el.name] && el.type !== "submit" && el.type !== "button" &&
          names.indexOf(el.name) === -1) {
        names.push(el.name);
      }
    });
    return names;
  }

  function currentValue(form, name) {
    var elements = elementsNamed(form, name);
    if (!elements.length) return null;
    var first = elements[0];
    if (first.type === "checkbox" && elements.length === 1 && first.value === "on") return first.checked;
    if (first.type === "checkbox" || first.type === "radio") {
      return elements.filter(function (el) { return el.checked; }).map(function (el) { return el.value; });
    }
    return first.value;
  }

  function isEmpty(value) {
    return value === null || value === undefined || value === "" || value === false ||
      (Array.isArray(value) && value.length === 0);
  }

  function sameValue(typed, moved) {
    if (Array.isArray(typed) || Array.isArray(moved)) {
      var a = [].concat(typed).map(String).sort(), b = [].concat(moved).map(String).sort();
      return a.join("\u0000") === b.join("\u0000");
    }
    if (typeof moved === "number" && typed !== "" && !isNaN(Number(typed))) {
      return Number(typed) === moved;
    }
    return String(typed) === String(moved);
  }

  function labelOf(form, name) {
    var label = form.querySelector('label[for="id_' + name + '"]');
    if (!label) {
      var first = elementsNamed(form, name)[0];
      var group = first && first.closest("fieldset");
      label = group && group.querySelector("legend");
    }
    if (!label) return name;
    var copy = label.cloneNode(true);
    copy.querySelectorAll(".visually-hidden").forEach(function (el) { el.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function shownValue(form, name, value) {
    var first = elementsNamed(form, name)[0];
    var units = form.querySelector("#id_" + name + "_units");
    if (first && first.tagName === "SELECT") {
      var option = Array.prototype.find.call(first.options, function (o) { return o.value === String(value); });
      return option ? option.textContent : String(value);
    }
    if (Array.isArray(value)) return value.join(", ");
    return String(value) + (units ? " " + units.textContent : "");
  }

  function setField(form, name, value) {
    var elements = elementsNamed(form, name);
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

  // --- Autosave: to the server draft; in this browser while the server cannot take it ---

  function Autosave(form) {
    this.form = form;
    this.url = form.dataset.autosaveUrl;
    this.key = form.dataset.draftKey;
    this.status = document.getElementById("autosave-status");
    this.dirty = false;
    this.saving = false;
    this.again = false;
    this.expired = false;
    this.timer = null;
  }

  Autosave.prototype.snapshot = function () {
    var form = this.form, values = {};
    reportFieldNames(form).forEach(function (name) { values[name] = currentValue(form, name); });
    return values;
  };

  Autosave.prototype.keepLocally = function () {
    try {
      window.localStorage.setItem(this.key, JSON.stringify({ savedAt: Date.now(), values: this.snapshot() }));
    } catch (error) { /* storage full or disabled: the server copy is all there is */ }
  };

  Autosave.prototype.forgetLocal = function () {
    try { window.localStorage.removeItem(this.key); } catch (error) { /* nothing kept */ }
  };

  Autosave.prototype.changed = function (delay) {
    this.dirty = true;
    this.keepLocally();
    this.schedule(delay);
  };

  Autosave.prototype.schedule = function (delay) {
    var self = this;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(function () { self.save(); }, delay);
  };

  Autosave.prototype.say = function (text, warning) {
    if (!this.status) return;
    this.status.classList.toggle("is-warning", Boolean(warning));
    this.status.textContent = text;
  };

  Autosave.prototype.sayExpired = function () {
    if (!this.status) return;
    this.status.classList.add("is-warning");
    this.status.textContent = this.form.dataset.msgExpired + " ";
    var link = document.createElement("a");
    link.href = this.form.dataset.loginUrl;
    link.textContent = this.form.dataset.msgSignIn;
    this.status.appendChild(link);
  };

  Autosave.prototype.save = function (afterSave) {
    var self = this, form = this.form;
    if (this.saving) { this.again = true; return; }
    this.saving = true;
    this.dirty = false;
    var body = new FormData(form);
    body.delete("action");
    fetch(this.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "manual",
      headers: { Accept: "application/json" }
    })
      .then(function (response) {
        if (response.status === 401 || response.status === 403 || response.type === "opaqueredirect") {
          self.expired = true;
          self.dirty = true;
          self.keepLocally();
          self.sayExpired();
          return null;
        }
        if (response.status === 400) {
          self.dirty = true;
          self.say(form.dataset.msgInvalid, true);
          return null;
        }
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        if (!data) return;
        self.expired = false;
        if (!self.dirty) self.forgetLocal();
        form.dataset.draftSaved = data.saved_at;
        var time = new Date(data.saved_at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
        self.say(fmt(form.dataset.msgSaved, { time: time }), false);
        if (data.derived_html !== null && data.derived_html !== undefined) updateDerived(data.derived_html);
        if (afterSave) afterSave();
      })
      .catch(function () {
        self.dirty = true;
        self.keepLocally();
        self.say(form.dataset.msgSaveFailed, true);
      })
      .finally(function () {
        self.saving = false;
        if (self.again) { self.again = false; self.save(); }
      });
  };

  // A draft kept in this browser (the session had expired) that is newer than the
  // server's comes back into the form, and is saved at once.
  Autosave.prototype.restore = function () {
    var raw = null;
    try { raw = window.localStorage.getItem(this.key); } catch (error) { return; }
    if (!raw) return;
    var kept;
    try { kept = JSON.parse(raw); } catch (error) { this.forgetLocal(); return; }
    var serverSaved = Date.parse(this.form.dataset.draftSaved || "") || 0;
    if (!kept || !kept.values || kept.savedAt <= serverSaved) { this.forgetLocal(); return; }
    var form = this.form, self = this;
    Object.keys(kept.values).forEach(function (name) {
      var value = kept.values[name];
      var elements = elementsNamed(form, name);
      if (!elements.length) return;
      if (elements[0].type === "checkbox" || elements[0].type === "radio") {
        if (typeof value === "boolean") { elements[0].checked = value; return; }
        var wanted = (value || []).map(String);
        elements.forEach(function (el) { el.checked = wanted.indexOf(el.value) !== -1; });
      } else {
        elements[0].value = value === null ? "" : value;
      }
    });
    this.save(function () { self.say(form.dataset.msgRestored, false); });
  };

  Autosave.prototype.start = function () {
    var self = this, form = this.form;
    form.addEventListener("input", function (event) {
      if (event.target.name && !SKIP[event.target.name]) self.changed(4000);
    });
    form.addEventListener("change", function (event) {
      if (event.target.name && !SKIP[event.target.name]) self.changed(800);
    });
    window.setInterval(function () { if (self.dirty && !self.saving) self.save(); }, 30000);
    this.restore();
  };

  // --- Derived values, each with its "Apply" button ---

  var pendingDerived = null;

  function updateDerived(html) {
    var list = document.getElementById("derived-list");
    if (!list) return;
    if (list.contains(document.activeElement)) {
      pendingDerived = html; // never pull the focused button from under the keyboard
      return;
    }
    list.innerHTML = html;
  }

  function initDerived(form) {
    var list = document.getElementById("derived-list");
    if (!list) return;
    var status = document.getElementById("transfer-status");
    list.addEventListener("focusout", function () {
      window.setTimeout(function () {
        if (pendingDerived !== null && !list.contains(document.activeElement)) {
          list.innerHTML = pendingDerived;
          pendingDerived = null;
        }
      }, 0);
    });
    list.addEventListener("click", function (event) {
      var button = event.target.closest("button[name='apply']");
      if (!button) return;
      event.preventDefault();
      var name = button.value;
      if (!setField(form, name, button.dataset.applyValue)) return;
      var applied = document.createElement("p");
      applied.className = "derived-item__applied";
      applied.textContent = form.dataset.msgAppliedLabel;
      button.replaceWith(applied);
      announce(status, fmt(form.dataset.msgApplied, { value: button.dataset.applyLabel, field: labelOf(form, name) }));
      var field = elementsNamed(form, name)[0];
      if (field) field.focus();
    });
  }

  // --- Transfer: fill empty fields; ask before replacing what the trainee typed ---

  function askWhichToReplace(form, conflicts, done) {
    var dialog = document.getElementById("transfer-dialog");
    if (!dialog || typeof dialog.showModal !== "function") { done([]); return; }
    var box = document.getElementById("transfer-dialog-fields");
    box.textContent = "";
    conflicts.forEach(function (conflict) {
      var row = document.createElement("div");
      row.className = "field--check";
      var input = document.createElement("input");
      input.type = "checkbox";
      input.id = "transfer-replace-" + conflict.name;
      input.value = conflict.name;
      var label = document.createElement("label");
      label.htmlFor = input.id;
      label.textContent = fmt(dialog.dataset.msgConflict, {
        field: labelOf(form, conflict.name),
        typed: shownValue(form, conflict.name, conflict.typed),
        case: shownValue(form, conflict.name, conflict.moved)
      });
      row.appendChild(input);
      row.appendChild(label);
      box.appendChild(row);
    });
    var replace = document.getElementById("transfer-dialog-replace");
    var keep = document.getElementById("transfer-dialog-keep");
    var finished = false;
    function finish(names) {
      if (finished) return;
      finished = true;
      replace.removeEventListener("click", onReplace);
      keep.removeEventListener("click", onKeep);
      dialog.removeEventListener("cancel", onKeep);
      if (dialog.open) dialog.close();
      done(names);
    }
    function onReplace() {
      finish(Array.prototype.filter.call(box.querySelectorAll("input"), function (i) { return i.checked; })
        .map(function (i) { return i.value; }));
    }
    function onKeep(event) { if (event) event.preventDefault(); finish([]); }
    replace.addEventListener("click", onReplace);
    keep.addEventListener("click", onKeep);
    dialog.addEventListener("cancel", onKeep);
    dialog.showModal();
    var first = box.querySelector("input");
    if (first) first.focus();
  }

  function initTransfer(form) {
    var button = document.getElementById("transfer-button");
    if (!button) return;
    var status = document.getElementById("transfer-status");
    button.addEventListener("click", function (event) {
      event.preventDefault();
      button.disabled = true;
      announce(status, form.dataset.msgTransferring);
      fetch(button.dataset.transferUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (data) {
          var filled = 0, conflicts = [];
          Object.keys(data.values || {}).forEach(function (name) {
            var moved = data.values[name];
            if (!elementsNamed(form, name).length) return;
            var typed = currentValue(form, name);
            if (isEmpty(typed)) {
              if (setField(form, name, moved)) filled += 1;
            } else if (!sameValue(typed, moved)) {
              conflicts.push({ name: name, typed: typed, moved: moved });
            }
          });
          if (!conflicts.length) {
            announce(status, fmt(form.dataset.msgTransferred, { count: filled }));
            button.disabled = false;
            return;
          }
          askWhichToReplace(form, conflicts, function (names) {
            names.forEach(function (name) {
              var conflict = conflicts.find(function (c) { return c.name === name; });
              if (conflict && setField(form, name, conflict.moved)) filled += 1;
            });
            var kept = conflicts.length - names.length;
            announce(status, kept
              ? fmt(form.dataset.msgTransferKept, { count: filled, kept: kept })
              : fmt(form.dataset.msgTransferred, { count: filled }));
            button.disabled = false;
            button.focus();
          });
        })
        .catch(function () {
          announce(status, form.dataset.msgTransferFailed);
          button.disabled = false;
        });
    });
  }

  // --- Submit: a dialog that lists the graded fields still empty ---

  function initSubmitDialog(form) {
    var button = document.getElementById("submit-button");
    var dialog = document.getElementById("submit-dialog");
    if (!button || !dialog || typeof dialog.showModal !== "function") return;
    var list = document.getElementById("submit-dialog-empty");
    var cancel = document.getElementById("submit-dialog-cancel");
    var graded = (form.dataset.gradedFields || "").split(/\s+/).filter(Boolean);
    button.addEventListener("click", function (event) {
      event.preventDefault();
      list.textContent = "";
      var empty = graded.filter(function (name) {
        return elementsNamed(form, name).length && isEmpty(currentValue(form, name));
      });
      empty.forEach(function (name) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        var target = elementsNamed(form, name)[0];
        link.href = "#" + (target.id || "id_" + name);
        link.textContent = labelOf(form, name);
        link.addEventListener("click", function (clicked) {
          clicked.preventDefault();
          dialog.close();
          target.focus();
        });
        item.appendChild(link);
        list.appendChild(item);
      });
      dialog.querySelector("[data-when-empty]").hidden = !empty.length;
      dialog.querySelector("[data-when-complete]").hidden = Boolean(empty.length);
      dialog.showModal();
      cancel.focus(); // submitting uses an attempt: the safe choice has the focus
    });
    cancel.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () {
      if (!form.dataset.submitting) button.focus();
    });
    form.addEventListener("submit", function (event) {
      if (event.submitter && event.submitter.value === "confirm_submit") form.dataset.submitting = "1";
    });
  }

  // Enter in a report field would "click" the form's first submit button, which is the
  // transfer button, and overwrite what the trainee typed. Save the draft instead.
  function initEnterKey(form) {
    var save = form.querySelector('button[name="action"][value="save"]');
    form.addEventListener("keydown", function (event) {
      var target = event.target;
      if (event.key !== "Enter" || !save || target.tagName !== "INPUT") { return; }
      if (target.type === "checkbox" || target.type === "radio" || target.closest("dialog")) { return; }
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
    var form = document.getElementById("report-form");
    if (form) {
      initTransfer(form);
      initEnterKey(form);
      initDerived(form);
      initSubmitDialog(form);
      if (form.dataset.autosaveUrl) new Autosave(form).start();
    }
    initPolling();
  });
})();
