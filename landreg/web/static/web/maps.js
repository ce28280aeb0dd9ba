// Starts every map that the {% landreg_map %} tag put on the page, with django-leaflet's L.Map.djangoMap and
// the options the tag wrote as JSON beside it. django-leaflet's own {% leaflet_map %} writes an inline script,
// which the Content-Security-Policy (script-src 'self') refuses.
window.addEventListener("load", function () {
  "use strict";
  document.querySelectorAll("[data-landreg-map]").forEach(function (element) {
    var djoptions = JSON.parse(document.getElementById(element.id + "-options").textContent);
    var callback = element.dataset.callback ? window[element.dataset.callback] : null;
    L.Map.djangoMap(element.id, { djoptions: djoptions, globals: false, callback: callback });
  });
});
