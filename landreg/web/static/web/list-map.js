// The map above a list page ({% list_map %}): the rows of the page as GeoJSON in a data- attribute,
// each shape linking to its own page. No inline script, so a strict CSP holds.
(function () {
  "use strict";
  var style = { color: "#c2410c", weight: 2, fillColor: "#f97316", fillOpacity: 0.3 };

  function draw(el) {
    var map = L.map(el, { scrollWheelZoom: false });
    var url = el.dataset.basemap;
    var native = Number(el.dataset.basemapMaxZoom) || 19;
    if (url) { L.tileLayer(url, { maxZoom: 22, maxNativeZoom: native }).addTo(map); }
    var layer = L.geoJSON(JSON.parse(el.dataset.features), {
      style: function () { return style; },
      onEachFeature: function (feature, shape) {
        var link = document.createElement("a");
        link.href = feature.properties.url;
        link.textContent = feature.properties.title;
        shape.bindTooltip(feature.properties.title, { sticky: true });
        shape.bindPopup(link);
      }
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [20, 20], maxZoom: 18 });
    L.control.scale({ imperial: false }).addTo(map);
    el.dataset.shapes = String(layer.getLayers().length);  // browser tests wait for this
  }

  document.querySelectorAll(".list-map[data-features]").forEach(draw);
})();
