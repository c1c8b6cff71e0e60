// Posts how far a learner has watched each lesson video (the furthest fraction), so the
// server can mark the lesson complete at 90%. Progressive enhancement: without
// JavaScript the video still plays; only the progress record is missing.
(function () {
  "use strict";

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function track(video) {
    var url = video.getAttribute("data-progress-url");
    var mediaId = parseInt(video.getAttribute("data-media-id"), 10);
    if (!url || !mediaId) return;
    var furthest = 0;
    var lastSent = 0;
    var sending = false;
    var pending = false;

    function send(force) {
      if (!video.duration || !isFinite(video.duration)) return;
      var fraction = Math.min(1, furthest / video.duration);
      if (!force && fraction - lastSent < 0.05) return;
      if (sending) {
        // One report at a time; a pause or the end while one is in flight is sent after
        // it, otherwise the last stretch watched (e.g. past 90%) would be lost.
        pending = true;
        return;
      }
      sending = true;
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify({ media_id: mediaId, fraction: Math.round(fraction * 1000) / 1000 }),
      })
        .then(function (response) { if (response.ok) lastSent = fraction; })
        .catch(function () { /* offline: the next update retries */ })
        .finally(function () {
          sending = false;
          if (pending) {
            pending = false;
            if (Math.min(1, furthest / video.duration) > lastSent) send(true);
          }
        });
    }

    video.addEventListener("timeupdate", function () {
      // Count only continuous playback, not jumps ahead with the seek bar.
      if (video.currentTime <= furthest + 2) furthest = Math.max(furthest, video.currentTime);
      send(false);
    });
    video.addEventListener("pause", function () { send(true); });
    video.addEventListener("ended", function () { furthest = video.duration; send(true); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("video[data-progress-url]").forEach(track);
  });
})();
