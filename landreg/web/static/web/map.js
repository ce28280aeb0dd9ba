// Map of the parcels drawn from vector tiles (/tiles/parcels/{z}/{x}/{y}.mvt) with Leaflet.VectorGrid,
// installed from npm by the set-up. Without it, the map falls back to GeoJSON pages from the API.
// Configured by the data- attributes of #parcel-map and #map-status: no inline script (strict CSP).
(function () {
  "use strict";
  var el = document.getElementById("parcel-map");
  var centre = el.dataset.centre.split(",").map(Number);
  var map = L.map(el).setView(centre, Number(el.dataset.zoom));
  if (el.dataset.basemap) {
    L.tileLayer(el.dataset.basemap, { maxZoom: 22, maxNativeZoom: Number(el.dataset.basemapMaxZoom) || 19 }).addTo(map);
  }
  var status = document.getElementById("map-status");
  var detailTemplate = status.dataset.detail;
  var style = { color: "#8a3b12", weight: 1, fill: true, fillColor: "#8a3b12", fillOpacity: 0.25 };
  var lang = document.documentElement.lang || "fr";

  // Messages come translated from the page's data-msg-* attributes: no English text in this file.
  function fill(template, values) {
    return (template || "").replace(/\{(\w+)\}/g, function (match, key) { return key in values ? values[key] : match; });
  }

  function popupFor(props) {
    var label = document.createElement("a");
    label.href = detailTemplate.replace("00000000-0000-0000-0000-000000000000", props.id);
    label.textContent = props.number + " — " + landregHaACa(props.area_m2);  // as the pages write it (areas.js)
    return label;
  }

  // The view fits the register's extent once it is fetched; data-view-fitted marks when that view's tiles
  // are drawn (browser tests wait for it: the first view's tiles may be drawn before the extent arrives).
  function fitToCollection(tiles) {
    function fitted() {
      if (!tiles.isLoading()) { el.dataset.viewFitted = "1"; return; }
      tiles.once("load", function () { el.dataset.viewFitted = "1"; });
    }
    fetch(status.dataset.collection, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (c) {
        var b = c.extent.spatial.bbox[0];
        if (b[0] > -180) {
          map.once("moveend", fitted);  // fired even when the view does not change
          map.fitBounds([[b[1], b[0]], [b[3], b[2]]]);
        } else {
          fitted();
        }
      })
      .catch(fitted);  // the first view stays
  }

  if (L.vectorGrid && L.vectorGrid.protobuf) {
    // Leaflet 1.8+ dropped L.DomEvent.fakeStop, which VectorGrid 1.3 still calls on click.
    if (!L.DomEvent.fakeStop) { L.DomEvent.fakeStop = function () { return true; }; }
    var tiles = L.vectorGrid.protobuf(status.dataset.tiles, {
      vectorTileLayerStyles: { parcels: style },
      interactive: true,
      maxNativeZoom: 20,
      getFeatureId: function (f) { return f.properties.id; }
    }).on("click", function (e) {
      L.popup().setLatLng(e.latlng).setContent(popupFor(e.layer.properties)).openOn(map);
    }).on("load", function () {
      status.dataset.loaded = "tiles";  // every visible tile is drawn (end-to-end tests wait for this)
    }).addTo(map);
    status.textContent = "";
    fitToCollection(tiles);
    return;
  }

  var layer = L.geoJSON(null, {
    style: function () { return style; },
    onEachFeature: function (feature, lyr) {
      lyr.bindPopup(popupFor(Object.assign({ id: feature.id }, feature.properties)));
    }
  }).addTo(map);
  var loaded = 0;
  function load(url) {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (page) {
        layer.addData(page);
        loaded += page.features.length;
        status.textContent = fill(status.dataset.msgLoading, { loaded: loaded.toLocaleString(lang), count: page.count.toLocaleString(lang) });
        if (page.next) { load(page.next); return; }
        if (loaded) { map.fitBounds(layer.getBounds(), { animate: false }); }
        status.dataset.loaded = String(loaded);  // end-to-end tests wait for this
        el.dataset.viewFitted = "1";
      })
      .catch(function (err) { status.textContent = fill(status.dataset.msgError, { error: err.message }); });
  }
  load(status.dataset.api + "?current=true&page_size=1000");
})();
