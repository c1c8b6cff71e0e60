// Recording player enhancements: resume, progress reports, playback speed, chapter and
// transcript links (?t=SECONDS#player), highlighting the current transcript cue.
(function () {
  "use strict";
  var video = document.querySelector(".js-recording-video");
  if (!video) return;
  var progressUrl = video.dataset.progressUrl;
  var REPORT_EVERY_MS = 10000;
  var lastReported = -1;

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function seek(seconds, play) {
    if (!isFinite(seconds) || seconds < 0) return;
    var apply = function () {
      video.currentTime = seconds;
      if (play) { var p = video.play(); if (p && p.catch) p.catch(function () {}); }
    };
    if (video.readyState >= 1) apply(); else video.addEventListener("loadedmetadata", apply, { once: true });
  }

  // Only a viewer who has pressed play has a position worth saving: merely opening the
  // page (and leaving before the resume seek lands, at 0:00) must not overwrite it.
  var started = false;
  video.addEventListener("play", function () { started = true; });

  function report(useBeacon) {
    if (!progressUrl || !started) return;
    var position = Math.floor(video.currentTime || 0);
    if (position === lastReported) return;
    lastReported = position;
    var duration = isFinite(video.duration) ? video.duration : "";
    if (useBeacon && navigator.sendBeacon) {
      var body = new URLSearchParams();
      body.set("position", String(position));
      if (duration !== "") body.set("duration", String(duration));
      body.set("csrfmiddlewaretoken", csrfToken());
      navigator.sendBeacon(progressUrl, new Blob([body.toString()], { type: "application/x-www-form-urlencoded" }));
      return;
    }
    fetch(progressUrl, {
      method: "POST", credentials: "same-origin", keepalive: true,
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ position: position, duration: duration === "" ? null : duration }),
    }).catch(function () {});
  }

  // Start position: ?t= from a search result or link wins over the saved position.
  var params = new URLSearchParams(window.location.search);
  var t = parseFloat(params.get("t"));
  var resume = parseFloat(video.dataset.resume);
  var resumeBox = document.querySelector(".js-resume");
  if (isFinite(t) && t >= 0) {
    seek(t, false);
    if (resumeBox) resumeBox.hidden = true;
  } else if (isFinite(resume) && resume > 0) {
    seek(resume, false);
  }
  if (resumeBox) {
    var go = resumeBox.querySelector(".js-resume-go");
    var restart = resumeBox.querySelector(".js-resume-restart");
    if (go) go.addEventListener("click", function () { seek(resume, true); resumeBox.hidden = true; video.focus(); });
    if (restart) restart.addEventListener("click", function () { seek(0, true); resumeBox.hidden = true; video.focus(); });
  }

  // Chapter and transcript links seek in place instead of reloading the page.
  document.querySelectorAll("a.js-seek").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      seek(parseFloat(link.dataset.seconds), true);
      if (history.replaceState) history.replaceState(null, "", link.getAttribute("href"));
      video.focus();
    });
  });

  // Other scripts (the transcript search) ask for a seek by event and keep their focus.
  document.addEventListener("webinars:seek", function (event) {
    seek(parseFloat(event.detail && event.detail.seconds), true);
  });

  var rate = document.querySelector(".js-playback-rate");
  if (rate) {
    rate.addEventListener("change", function () { video.playbackRate = parseFloat(rate.value) || 1; });
    video.addEventListener("ratechange", function () { rate.value = String(video.playbackRate); });
  }

  // Highlight the cue being spoken (aria-current, not colour alone: also a marker via CSS).
  var cueLinks = Array.prototype.slice.call(document.querySelectorAll(".js-transcript a.js-seek"));
  video.addEventListener("timeupdate", function () {
    var now = video.currentTime, current = null;
    cueLinks.forEach(function (link) { if (parseFloat(link.dataset.seconds) <= now) current = link; });
    cueLinks.forEach(function (link) {
      if (link === current) link.setAttribute("aria-current", "true"); else link.removeAttribute("aria-current");
    });
  });

  var timer = null;
  video.addEventListener("play", function () { if (!timer) timer = setInterval(function () { report(false); }, REPORT_EVERY_MS); });
  video.addEventListener("pause", function () { clearInterval(timer); timer = null; report(false); });
  video.addEventListener("ended", function () { report(false); });
  window.addEventListener("pagehide", function () { report(true); });
})();
