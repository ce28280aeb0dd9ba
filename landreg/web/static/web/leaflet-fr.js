// Leaflet's own controls in the page's language: the zoom buttons' titles, read by screen readers and shown on
// hover, are "Zoom in" and "Zoom out" in the library, and its attribution link's title is English too. Loaded
// right after leaflet.js (web/leaflet_js.html), it sets them before any map of the page is made, from the
// labels its own tag carries.
(function () {
  var labels = document.currentScript && document.currentScript.dataset;
  if (!labels || !window.L) return;
  L.Control.Zoom.mergeOptions({ zoomInTitle: labels.zoomIn, zoomOutTitle: labels.zoomOut });
  var prefix = L.Control.Attribution.prototype.options.prefix;
  if (typeof prefix === "string" && labels.leafletTitle) {
    var title = labels.leafletTitle.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
    L.Control.Attribution.mergeOptions({
      prefix: prefix.replace('title="A JavaScript library for interactive maps"', 'title="' + title + '"'),
    });
  }
})();
