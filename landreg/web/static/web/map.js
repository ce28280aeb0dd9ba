// Read-only map of the parcels the user may see, loaded page by page from the API (GeoJSON).
window.landregMapInit = function (map) {
  "use strict";
  var status = document.getElementById("map-status");
  var detailTemplate = status.dataset.detail;
  var layer = L.geoJSON(null, {
    style: function () { return { color: "#8a3b12", weight: 1, fillOpacity: 0.25 }; },
    onEachFeature: function (feature, lyr) {
      var p = feature.properties;
      var url = detailTemplate.replace("00000000-0000-0000-0000-000000000000", feature.id);
      var label = document.createElement("a");
      label.href = url;
      label.textContent = p.number + " — " + Math.round(p.area_m2) + " m²";
      lyr.bindPopup(label);
    }
  }).addTo(map);
  var loaded = 0;
  function load(url) {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (page) {
        layer.addData(page);
        loaded += page.features.length;
        status.textContent = loaded + " / " + page.count;
        if (page.next) { load(page.next); return; }
        if (loaded) { map.fitBounds(layer.getBounds()); }
        status.dataset.loaded = String(loaded);  // end-to-end tests wait for this
      })
      .catch(function (err) { status.textContent = "Error " + err.message; });
  }
  load(status.dataset.api + "?current=true&page_size=1000");
};
