// Search within a recording's transcript: the cues already on the page are searched as the
// viewer types (no reload); the number of matching lines is announced in a live region;
// each match is a button showing the line with the words found highlighted, and pressing
// it plays the video from that cue (player.js seeks on the "webinars:seek" event).
(function () {
  "use strict";
  var form = document.querySelector(".js-transcript-search");
  var transcript = document.querySelector(".js-transcript");
  if (!form || !transcript) return;
  var input = form.querySelector(".js-transcript-query");
  var status = form.querySelector(".js-transcript-status");
  var hitList = form.querySelector(".js-transcript-hits");
  var MAX_HITS = 30;
  var MIN_LENGTH = 2;

  // Case and accents are ignored ("dicom" finds "DICOM", "resume" finds "résumé"); the
  // folded text keeps, for each of its characters, where it came from in the original.
  function fold(text) {
    var folded = "", from = [];
    for (var i = 0; i < text.length; i++) {
      var f = text[i].normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
      for (var j = 0; j < f.length; j++) { folded += f[j]; from.push(i); }
    }
    from.push(text.length);
    return { text: folded, from: from };
  }

  var cues = Array.prototype.map.call(transcript.querySelectorAll("a.js-seek"), function (link) {
    var text = link.querySelector(".transcript__text").textContent;
    return {
      link: link,
      seconds: parseFloat(link.dataset.seconds),
      clock: link.querySelector(".transcript__time").textContent,
      text: text,
      folded: fold(text),
    };
  });

  function message(name, values) {
    return (form.dataset[name] || "").replace(/\{(\w+)\}/g, function (_, key) {
      return key in values ? String(values[key]) : "";
    });
  }

  // [start, end) ranges of the original text where a term occurs, merged and in order.
  function matches(cue, terms) {
    var ranges = [];
    for (var t = 0; t < terms.length; t++) {
      var at = cue.folded.text.indexOf(terms[t]);
      if (at < 0) return null; // every term must be in the line
      while (at >= 0) {
        ranges.push([cue.folded.from[at], cue.folded.from[at + terms[t].length]]);
        at = cue.folded.text.indexOf(terms[t], at + terms[t].length);
      }
    }
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]); else merged.push(r.slice());
    });
    return merged;
  }

  function highlighted(text, ranges) {
    var fragment = document.createDocumentFragment(), position = 0;
    ranges.forEach(function (r) {
      fragment.appendChild(document.createTextNode(text.slice(position, r[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(r[0], r[1]);
      fragment.appendChild(mark);
      position = r[1];
    });
    fragment.appendChild(document.createTextNode(text.slice(position)));
    return fragment;
  }

  function hitButton(cue, ranges) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "transcript-search__hit";
    var time = document.createElement("span");
    time.className = "transcript__time";
    time.textContent = cue.clock;
    button.appendChild(time);
    button.appendChild(document.createTextNode(" "));
    button.appendChild(highlighted(cue.text, ranges));
    button.addEventListener("click", function () {
      document.dispatchEvent(new CustomEvent("webinars:seek", { detail: { seconds: cue.seconds } }));
      hitList.querySelectorAll("[aria-current]").forEach(function (other) { other.removeAttribute("aria-current"); });
      button.setAttribute("aria-current", "true");
      cue.link.scrollIntoView({ block: "nearest" });
      status.textContent = message("msgPlaying", { clock: cue.clock });
    });
    var item = document.createElement("li");
    item.appendChild(button);
    return item;
  }

  function search() {
    var query = input.value.trim();
    var terms = fold(query).text.split(/\s+/).filter(Boolean);
    hitList.replaceChildren();
    if (query.length < MIN_LENGTH) { status.textContent = ""; return; }
    var found = [];
    cues.forEach(function (cue) {
      var ranges = matches(cue, terms);
      if (ranges) found.push([cue, ranges]);
    });
    found.slice(0, MAX_HITS).forEach(function (hit) { hitList.appendChild(hitButton(hit[0], hit[1])); });
    var text = found.length === 0 ? message("msgNone", { query: query })
      : message(found.length === 1 ? "msgOne" : "msgMany", { count: found.length, query: query });
    if (found.length > MAX_HITS) text += " " + message("msgMore", { shown: MAX_HITS });
    status.textContent = text;
  }

  var pending = null;
  input.addEventListener("input", function () {
    clearTimeout(pending);
    pending = setTimeout(search, 150);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault(); // Enter searches at once and moves to the first match
    clearTimeout(pending);
    search();
    var first = hitList.querySelector("button");
    if (first) first.focus();
  });
  form.hidden = false;
})();
