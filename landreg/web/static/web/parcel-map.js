// Small maps of one parcel or claimed boundary with the current parcels around it ({% parcel_map %}).
// Everything comes from the element's data- attributes: no inline script, so a strict CSP holds.
(function () {
  "use strict";
  var subjectStyle = { color: "#c2410c", weight: 3, fillColor: "#f97316", fillOpacity: 0.3 };
  var neighbourStyle = { color: "#555", weight: 1, fillColor: "#999", fillOpacity: 0.15 };

  function addBasemap(map, el) {
    // The office's own imagery (web/basemap.py) beyond its last zoom level is shown enlarged.
    var url = el.dataset.basemap;
    var native = Number(el.dataset.basemapMaxZoom) || 19;
    if (url) { L.tileLayer(url, { maxZoom: 22, maxNativeZoom: native }).addTo(map); }
  }

  function loadNeighbours(map, el, url, excluded, count) {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (page) {
        var shown = page.features.filter(function (f) { return excluded.indexOf(String(f.id)) < 0; });
        L.geoJSON(shown, {
          style: function () { return neighbourStyle; },
          onEachFeature: function (feature, layer) {
            var link = document.createElement("a");
            link.href = el.dataset.detail.replace("00000000-0000-0000-0000-000000000000", feature.id);
            link.textContent = feature.properties.number;
            layer.bindTooltip(feature.properties.number, { sticky: true });
            layer.bindPopup(link);
          }
        }).addTo(map).bringToBack().eachLayer(function (layer) {
          // Leaflet's tooltip listens for focus, and Chromium then puts each shape in the Tab order, inside
          // a map that is one image to a screen reader (role img): the neighbours are out of it.
          var shape = layer.getElement && layer.getElement();
          if (shape) { shape.setAttribute("tabindex", "-1"); }
        });
        count += shown.length;
        if (page.next) { loadNeighbours(map, el, page.next, excluded, count); return; }
        el.dataset.neighboursLoaded = String(count);  // browser tests wait for this
      })
      .catch(function () { el.dataset.neighboursLoaded = "error"; });
  }

  function draw(el) {
    if (el.dataset.ready) { return; }
    el.dataset.ready = "1";
    var map = L.map(el, { scrollWheelZoom: false });
    addBasemap(map, el);
    var subject = L.geoJSON(JSON.parse(el.dataset.geometry), { style: function () { return subjectStyle; } });
    subject.addTo(map);
    map.fitBounds(subject.getBounds(), { padding: [30, 30], maxZoom: 19 });
    L.control.scale({ imperial: false }).addTo(map);
    var excluded = el.dataset.exclude ? el.dataset.exclude.split(",") : [];
    loadNeighbours(map, el, el.dataset.neighbours, excluded, 0);
  }

  document.querySelectorAll(".parcel-map[data-geometry]").forEach(draw);
})();
