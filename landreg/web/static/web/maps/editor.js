// The boundary editor of the boundary field (landreg/web/boundary.py): draw or edit the polygon on the map
// with leaflet-geoman (npm), snapping to the parcels around; the GeoJSON goes into the field's text area,
// which stays the value the form posts. Each finished shape is sent to the check API, whose answer (errors,
// village containment, overlaps with parcels and claims in progress) is listed under the map.
// With data-parts="1" (a split, adjudication/pages/change_forms.py) it draws several polygons, the parts, and
// the text area holds them as a FeatureCollection; each part is checked, and the sum of their areas is set
// against the area of the parcel being split (data-original, drawn dashed, its corners a snapping target).
// Configured only by data- attributes: no inline script. A form's survey-method choice marked
// data-method-from-boundary follows how the boundary was made (see presetMethod).
(function () {
  "use strict";
  var boundaryStyle = { color: "#c2410c", weight: 3, fillColor: "#f97316", fillOpacity: 0.3 };
  var parcelStyle = { color: "#555", weight: 1, fillColor: "#999", fillOpacity: 0.15 };
  var villageStyle = { color: "#1d4ed8", weight: 2, dashArray: "6 6", fill: false };
  var originalStyle = { color: "#111827", weight: 2, dashArray: "3 5", fillColor: "#fde68a", fillOpacity: 0.2 };
  var MIN_ZOOM_FOR_PARCELS = 15;  // parcels are fetched for the view only when it is small enough

  function fill(template, values) {
    return template.replace(/\{([a-z_]+)\}/g, function (_, key) { return values[key]; });
  }

  function number(value) {
    return Number(value).toLocaleString(document.documentElement.lang || "fr", { maximumFractionDigits: 1 });
  }

  // Leaflet's tooltips listen for focus on each shape, and Chromium then puts every SVG shape in the Tab
  // order: the parcels around, drawn for context and snapping, stood between the map and the fields after it
  // (a hundred Tab presses on the claim form). Out of the Tab order; the mouse still shows their numbers.
  function outOfTabOrder(layer) {
    var el = layer.getElement && layer.getElement();
    if (el) { el.setAttribute("tabindex", "-1"); }
  }

  // The survey methods each way of making the boundary stands for: the first is preset, the others kept (a
  // GNSS RTK or total-station file is a file of points too; a sketch is drawn on the map too).
  var METHODS = { file: ["gps", "gnss_rtk", "total_station"], drawn: ["imagery", "sketch"] };

  function csrfToken(form) {
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function Editor(el) {
    this.el = el;
    this.text = document.getElementById(el.dataset.textArea) || el.querySelector("textarea");
    this.form = this.text.form;
    this.status = el.querySelector(".boundary-status");
    if (this.form) {
      // Only a person's choice fires "change" (presetMethod sets the value): from then on it stands. Heard on
      // the form: the choice comes after the map in the page, not parsed yet when this script runs.
      this.form.addEventListener("change", function (e) {
        if (e.target.matches("select[data-method-from-boundary]")) { e.target.dataset.chosen = "1"; }
      });
    }
    this.parcelIds = {};
    this.multi = el.dataset.parts === "1";
    this.parts = [];
    this.map = L.map(el.querySelector(".boundary-map"), { maxZoom: 22 });
    if (el.dataset.basemap) {
      var native = Number(el.dataset.basemapMaxZoom) || 19;  // beyond its last level, imagery is enlarged
      L.tileLayer(el.dataset.basemap, { maxZoom: 22, maxNativeZoom: native }).addTo(this.map);
    }
    L.control.scale({ imperial: false }).addTo(this.map);
    this.parcels = L.featureGroup().addTo(this.map);
    this.setUpDrawing();
    this.map.on("moveend", this.loadParcels, this);
    this.outlines = this.readOutlines();
    var outlined = this.showVillage();
    var original = this.showOriginal();
    if (this.showText()) {
      el.dataset.viewFitted = "1";
    } else if (original) {
      this.map.fitBounds(original.getBounds(), { padding: [40, 40], maxZoom: 19 });
      el.dataset.viewFitted = "1";
    } else if (outlined) {
      this.map.fitBounds(this.villageLayer.getBounds());
      el.dataset.viewFitted = "1";
    } else { this.fitToRegister(); }
    this.text.addEventListener("change", this.showText.bind(this));
    var village = this.village();
    if (village) {
      village.addEventListener("change", this.check.bind(this));
      village.addEventListener("change", this.villageChosen.bind(this));
    }
    el.querySelector(".boundary-load-file").addEventListener("click", this.loadFile.bind(this));
    el.querySelector(".boundary-use-points").addEventListener("click", this.usePoints.bind(this));
  }

  Editor.prototype.setUpDrawing = function () {
    var pm = this.map.pm;
    pm.setLang(document.documentElement.lang === "fr" ? "fr" : "en");
    pm.addControls({
      position: "topleft",
      drawMarker: false, drawCircleMarker: false, drawPolyline: false, drawRectangle: false,
      drawCircle: false, drawText: false, cutPolygon: false, rotateMode: false, dragMode: false,
      drawPolygon: true, editMode: true, removalMode: true
    });
    pm.setGlobalOptions({ snappable: true, snapDistance: 15, allowSelfIntersection: false,
                          templineStyle: boundaryStyle, hintlineStyle: boundaryStyle, pathOptions: boundaryStyle });
    var self = this;
    this.map.on("pm:create", function (e) { self.setBoundary(e.layer); self.presetMethod("drawn"); self.changed(); });
    this.map.on("pm:remove", function (e) {
      if (self.multi && self.parts.indexOf(e.layer) >= 0) {
        self.parts.splice(self.parts.indexOf(e.layer), 1);
        self.changed();
      } else if (e.layer === self.boundary) { self.boundary = null; self.text.value = ""; self.report([]); }
    });
  };

  Editor.prototype.readJson = function (id, empty) {
    var data = id && document.getElementById(id);
    if (!data) { return empty; }
    try { return JSON.parse(data.textContent); } catch (err) { return empty; }
  };

  Editor.prototype.readOutlines = function () {
    // The boundaries of the villages the form offers (web/boundary.py), keyed by the village option's value.
    return this.readJson(this.el.dataset.villages, {});
  };

  Editor.prototype.showOriginal = function () {
    // The recorded boundary being split or corrected, dashed: not editable, but its corners are snapped to.
    var geometry = this.readJson(this.el.dataset.original, null);
    if (!geometry) { return null; }
    this.originalLayer = L.geoJSON(geometry, {
      pmIgnore: true, snapIgnore: false, style: function () { return originalStyle; }
    }).addTo(this.map);
    this.originalLayer.eachLayer(outOfTabOrder);
    return this.originalLayer;
  };

  Editor.prototype.showVillage = function () {
    // The chosen village's boundary, dashed: where the parcel must lie. Not clickable and not a snapping
    // target: the corners snap to parcels, not to the village line.
    if (this.villageLayer) { this.map.removeLayer(this.villageLayer); this.villageLayer = null; }
    var outline = this.outlines[this.villageValue()];
    if (!outline) { return false; }
    this.villageLayer = L.geoJSON(outline, {
      style: function () { return villageStyle; }, interactive: false, pmIgnore: true, snapIgnore: true
    }).addTo(this.map);
    return true;
  };

  Editor.prototype.villageChosen = function () {
    if (this.showVillage() && !this.boundary) { this.map.fitBounds(this.villageLayer.getBounds()); }
  };

  Editor.prototype.setBoundary = function (layer) {
    if (this.multi) { this.addPart(layer); return; }
    if (this.boundary && this.boundary !== layer) { this.map.removeLayer(this.boundary); }
    this.boundary = layer;
    layer.setStyle(boundaryStyle);
    layer.on("pm:edit", this.changed, this);
  };

  Editor.prototype.addPart = function (layer) {
    if (this.parts.indexOf(layer) < 0) { this.parts.push(layer); }
    layer.setStyle(boundaryStyle);
    layer.off("pm:edit", this.changed, this);
    layer.on("pm:edit", this.changed, this);
  };

  Editor.prototype.numberParts = function () {
    // Each part's number on it, as the messages under the map and the server's refusals name them.
    this.parts.forEach(function (layer, i) {
      if (layer.getTooltip()) { layer.setTooltipContent(String(i + 1)); } else {
        layer.bindTooltip(String(i + 1), { permanent: true, direction: "center", className: "part-number" });
      }
    });
  };

  function geometriesOf(value) {
    // A geometry, a Feature, a FeatureCollection or a list of geometries (what the split's field takes).
    if (Array.isArray(value)) { return value; }
    if (value && value.type === "FeatureCollection") {
      return (value.features || []).map(function (f) { return f && f.geometry; });
    }
    if (value && value.type === "Feature") { return [value.geometry]; }
    return [value];
  }

  Editor.prototype.showText = function () {
    // The text area's GeoJSON (after an error, or a boundary pasted) on the map, ready to edit.
    var value = this.text.value.trim();
    if (!value) { return false; }
    var parsed;
    try { parsed = JSON.parse(value); } catch (err) {
      this.report([{ cls: "warning", text: this.el.dataset.msgWkt }]);
      return false;
    }
    var self = this;
    if (this.multi) {
      this.parts.forEach(function (layer) { self.map.removeLayer(layer); });
      this.parts = [];
    }
    var shown = geometriesOf(this.multi ? parsed : geometriesOf(parsed)[0]).filter(function (geometry) {
      return geometry && self.showGeometry(geometry);
    });
    if (!shown.length) { return false; }
    if (this.multi) { this.numberParts(); }
    this.check();
    return true;
  };

  Editor.prototype.showGeometry = function (geometry) {
    var layer;
    try { layer = L.geoJSON(geometry).getLayers()[0]; } catch (err) { return false; }
    if (!layer) { return false; }
    // The view first, then the shape: on a map without a view yet (a correction's editor, its recorded
    // boundary already in the text area), adding the shape first makes Leaflet's renderer for it, queued
    // behind the village and original outlines; these are drawn when the view comes and found the renderer
    // not ready ("Cannot read properties of undefined (reading 'min')"), and the editor never started.
    var bounds = this.multi && this.originalLayer ? this.originalLayer.getBounds().extend(layer.getBounds())
      : layer.getBounds();
    this.map.fitBounds(bounds, { padding: [40, 40], maxZoom: 19 });
    this.map.addLayer(layer);
    this.setBoundary(layer);
    return true;
  };

  Editor.prototype.presetMethod = function (how) {
    // The form said « levé GPS » of every claim, then « numérisé sur imagerie » of a GPS track loaded: the
    // method follows how the boundary was made (a file or typed points: a GPS walk; drawn: imagery), unless
    // the agent chose it by hand, or it is already one that way of making stands for.
    var method = this.form && this.form.querySelector("select[data-method-from-boundary]");
    var methods = METHODS[how];
    if (!method || method.dataset.chosen || methods.indexOf(method.value) >= 0) { return; }
    if (method.querySelector('option[value="' + methods[0] + '"]')) {
      method.value = methods[0];
      method.dataset.preset = methods[0];  // what the page set, for whoever reads it (browser tests too)
    }
  };

  Editor.prototype.made = function (request) {
    // A polygon made by the API from a file or typed points: shown, written into the text area, checked.
    var self = this;
    request
      .then(function (r) { return r.json().then(function (answer) { return { ok: r.ok, answer: answer }; }); })
      .then(function (result) {
        if (!result.ok) {
          var errors = result.answer.errors || [];
          if (!errors.length) {  // a field the API refused (no file chosen, a number out of range)
            Object.keys(result.answer).forEach(function (k) { errors.push({ message: String(result.answer[k]) }); });
          }
          self.report(errors.map(function (e) { return { cls: "error", text: e.message }; }));
          self.status.dataset.state = "invalid";
          return;
        }
        // On a split's map, one more part.
        if (self.showGeometry(result.answer.geometry)) { self.presetMethod("file"); self.changed(); }
      })
      .catch(function () { self.report([{ cls: "warning", text: self.el.dataset.msgUnchecked }]); });
  };

  Editor.prototype.loadFile = function () {
    var input = this.el.querySelector(".boundary-file");
    if (!input.files.length) { input.focus(); return; }
    var body = new FormData();
    body.append("file", input.files[0]);
    this.made(fetch(this.el.dataset.fromFile, {
      method: "POST", credentials: "same-origin", body: body,
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken(this.form) }
    }));
  };

  Editor.prototype.usePoints = function () {
    var body = {
      text: this.el.querySelector(".boundary-points").value,
      latitude_first: this.el.querySelector(".boundary-latitude-first").checked
    };
    this.made(fetch(this.el.dataset.fromPoints, {
      method: "POST", credentials: "same-origin", body: JSON.stringify(body),
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken(this.form) }
    }));
  };

  Editor.prototype.fitToRegister = function () {
    var map = this.map, el = this.el;
    map.setView([12.3, -1.5], 6);  // Burkina Faso until the register's extent is known
    fetch(this.el.dataset.extent, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (c) {
        var b = c.extent.spatial.bbox[0];
        if (b[0] > -180) { map.fitBounds([[b[1], b[0]], [b[3], b[2]]]); }
      })
      .catch(function () { /* the default view stays */ })
      .then(function () { el.dataset.viewFitted = "1"; });  // browser tests wait for it before moving the map
  };

  Editor.prototype.loadParcels = function () {
    if (this.map.getZoom() < MIN_ZOOM_FOR_PARCELS) { return; }
    var b = this.map.getBounds();
    var bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(6); });
    var url = this.el.dataset.parcels + "?current=true&page_size=500&bbox=" + bbox.join(",");
    var self = this;
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (page) {
        // The parcel being split or corrected is drawn as the original, not again as a neighbour.
        var fresh = page.features.filter(function (f) {
          return !self.parcelIds[f.id] && !(self.originalLayer && String(f.id) === self.el.dataset.parcel);
        });
        fresh.forEach(function (f) { self.parcelIds[f.id] = true; });
        // Snapping targets, not editable: pmIgnore keeps geoman's edit tools off them, snapIgnore false
        // keeps them in its snap list.
        L.geoJSON(fresh, {
          pmIgnore: true, snapIgnore: false,
          style: function () { return parcelStyle; },
          onEachFeature: function (f, layer) { layer.bindTooltip(f.properties.number, { sticky: true }); }
        }).eachLayer(function (layer) { self.parcels.addLayer(layer); outOfTabOrder(layer); });
        self.parcels.bringToBack();
        self.el.dataset.parcelsLoaded = String(Object.keys(self.parcelIds).length);  // browser tests wait
      })
      .catch(function () { /* parcels are context only */ });
  };

  Editor.prototype.changed = function () {
    if (this.multi) {
      this.numberParts();
      this.text.value = this.parts.length ? JSON.stringify({
        type: "FeatureCollection",
        features: this.parts.map(function (layer, i) {
          return { type: "Feature", properties: { part: i + 1 }, geometry: layer.toGeoJSON(8).geometry };
        })
      }) : "";
    } else {
      this.text.value = JSON.stringify(this.boundary.toGeoJSON(8).geometry);
    }
    this.check();
  };

  Editor.prototype.village = function () {
    return this.form ? this.form.elements[this.el.dataset.villageField] : null;
  };

  // The village the boundary is checked in: the form's choice, or the page's own (an agreement's boundary
  // lies in its case's village, a form without a village choice).
  Editor.prototype.villageValue = function () {
    var village = this.village();
    return (village && village.value) || this.el.dataset.village || "";
  };

  Editor.prototype.ask = function (layer) {
    // The check API's answer about one shape: {ok, answer}.
    var body = { village: this.villageValue(), geometry: layer.toGeoJSON(8).geometry };
    if (this.el.dataset.claim) { body.claim = this.el.dataset.claim; }
    if (this.el.dataset.parcel) { body.parcel = this.el.dataset.parcel; }
    return fetch(this.el.dataset.check, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrfToken(this.form) },
      body: JSON.stringify(body)
    }).then(function (r) { return r.json().then(function (answer) { return { ok: r.ok, answer: answer }; }); });
  };

  Editor.prototype.check = function () {
    var shapes = this.multi ? this.parts : (this.boundary ? [this.boundary] : []);
    if (!this.villageValue()) { return; }
    if (!shapes.length) { this.report([]); return; }
    var self = this;
    this.status.dataset.state = "checking";
    var asked = (this.asked || 0) + 1;
    this.asked = asked;
    Promise.all(shapes.map(function (layer) { return self.ask(layer); }))
      .then(function (results) {
        if (asked !== self.asked) { return; }
        if (self.multi) { self.showParts(results); } else { self.showCheck(results[0].ok, results[0].answer); }
      })
      .catch(function () {
        self.report([{ cls: "warning", text: self.el.dataset.msgUnchecked }]);
        self.status.dataset.state = "unchecked";
      });
  };

  Editor.prototype.showCheck = function (ok, answer) {
    var found = this.findings(ok, answer);
    this.report(found.lines);
    this.status.dataset.state = found.state;
  };

  Editor.prototype.showParts = function (results) {
    // Each part's findings under its number, then the sum of the parts against the parcel split.
    var d = this.el.dataset, self = this;
    var lines = [], states = [], sum = 0, measured = true;
    results.forEach(function (result, i) {
      var found = self.findings(result.ok, result.answer);
      states.push(found.state);
      if (result.ok) { sum += result.answer.area_m2; } else { measured = false; }
      found.lines.forEach(function (line) {
        lines.push({ cls: line.cls, text: fill(d.msgPart, { n: i + 1, text: line.text }) });
      });
    });
    var state = ["invalid", "conflict"].filter(function (s) { return states.indexOf(s) >= 0; })[0] || "valid";
    var whole = Number(d.originalArea);
    if (measured && whole) {
      var difference = sum - whole;
      var off = Math.abs(difference) > Number(d.tolerance || 0);
      lines.push({ cls: off ? "error" : "", text: fill(d.msgSum, {
        sum: number(sum), area: number(whole), difference: (difference > 0 ? "+" : "") + number(difference)
      }) });
      if (off && state === "valid") { state = "conflict"; }
    }
    this.report(lines);
    this.status.dataset.state = state;
    this.el.dataset.partsArea = String(sum);  // browser tests read it
  };

  Editor.prototype.findings = function (ok, answer) {
    // The check API's answer as lines to show and a state: invalid, conflict or valid.
    var d = this.el.dataset;
    var lines = [];
    if (!ok) {
      (answer.errors || []).forEach(function (e) { lines.push({ cls: "error", text: e.message }); });
      if (!lines.length) { lines.push({ cls: "warning", text: answer.detail || d.msgUnchecked }); }
      return { lines: lines, state: "invalid" };
    }
    lines.push({ cls: "", text: fill(d.msgArea, { area: number(answer.area_m2) }) });
    var conflict = false;
    answer.findings.forEach(function (f) {
      var values = { parcel: f.parcel, area: number(f.area_m2), pct: number(f.share_pct), distance: number(f.distance_m) };
      var template = { overlap: d.msgOverlap, sliver: d.msgSliver, gap: d.msgGap }[f.kind];
      // A corner snapped onto a neighbour's edge leaves a sliver of rounding (mm²): not worth a line.
      if (f.kind === "sliver" && f.area_m2 < 0.05) { return; }
      if (template) { lines.push({ cls: f.kind === "overlap" ? "error" : "warning", text: fill(template, values) }); }
      conflict = conflict || f.kind === "overlap";
    });
    (answer.claims || []).forEach(function (c) {
      lines.push({ cls: "error", text: fill(d.msgClaim, { receipt: c.receipt, area: number(c.area_m2) }) });
      conflict = true;
    });
    return { lines: lines, state: conflict ? "conflict" : "valid" };
  };

  Editor.prototype.report = function (lines) {
    var status = this.status;
    status.textContent = "";
    lines.forEach(function (line) {
      var item = document.createElement("li");
      item.className = line.cls;
      item.textContent = line.text;
      status.appendChild(item);
    });
  };

  function start() {
    document.querySelectorAll(".boundary-editor[data-check]").forEach(function (el) {
      if (!el.dataset.ready) { el.dataset.ready = "1"; el.editor = new Editor(el); }
    });
  }
  start();
  // An editor further down the page whose widget does not load the scripts again (a change's corrected
  // boundary after its parts: Leaflet loaded twice gives two L, and geoman then no longer takes the clicks on
  // the first map) is started once the page is read.
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
})();
