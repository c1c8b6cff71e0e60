// Rewrites webinar times (shown server-side in Amsterdam time) into the viewer's own
// time zone, keeping the Amsterdam time in the title. No-op without Intl.
(function () {
  "use strict";
  if (!window.Intl || !Intl.DateTimeFormat) return;
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || zone === "Europe/Amsterdam") return;
  var dateFmt = new Intl.DateTimeFormat(undefined, {
    weekday: "long", day: "numeric", month: "long", year: "numeric",
    hour: "2-digit", minute: "2-digit", timeZoneName: "short",
  });
  var timeFmt = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
  document.querySelectorAll("time.js-localtime").forEach(function (el) {
    var start = new Date(el.getAttribute("datetime"));
    var end = el.dataset.end ? new Date(el.dataset.end) : null;
    if (isNaN(start.getTime())) return;
    el.title = el.textContent.trim();
    el.textContent = dateFmt.format(start) + (end && !isNaN(end.getTime()) ? " – " + timeFmt.format(end) : "") +
      " (your time, " + zone + ")";
  });
})();
