// siteplan's interactive map: builds every .sp-webmap on the page from its
// JSON (the element's id + "-data") with Leaflet. No tiles, no requests.
(function () {
  "use strict";
  // Names come from the input files: tooltips, marker labels and layer
  // names take them as text, never as HTML (popups are escaped HTML).
  function text(s) {
    var span = document.createElement("span");
    span.textContent = s;
    return span;
  }
  function esc(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }
  function build(el) {
    var d = JSON.parse(document.getElementById(el.id + "-data").textContent);
    var count = d.layers.reduce(function (n, l) { return n + l.points.length; }, 0);
    // Many points draw faster on one canvas than as SVG elements.
    var map = L.map(el, {
      zoomSnap: 0.25, scrollWheelZoom: true, worldCopyJump: false, preferCanvas: count > 5000
    });
    map.attributionControl.setPrefix(false);
    if (d.credit) map.attributionControl.addAttribution(esc(d.credit));
    map.fitBounds(d.fit, { padding: [12, 12] });
    var overlays = {};
    if (d.borders.length) {
      var b = L.polygon(d.borders, {
        color: "#8c8c8c", weight: 1, fillColor: "#f3f0e8", fillOpacity: 1, interactive: false
      }).addTo(map);
      overlays["Country borders"] = b;
    }
    if (d.provinces && d.provinces.length) {
      var pv = L.polygon(d.provinces, {
        color: "#a39a8a", weight: 0.6, fill: false, interactive: false
      }).addTo(map);
      overlays["Province borders"] = pv;
    }
    if (d.lines.length) {
      var lines = L.layerGroup(d.lines.map(function (l) {
        return L.polyline([[l[0], l[1]], [l[2], l[3]]],
          { color: "#777", weight: 0.8, opacity: 0.55, interactive: false });
      }));
      if (d.lines_on) lines.addTo(map);
      overlays["Assignment lines"] = lines;
    }
    var byKey = {};
    d.layers.forEach(function (layer) {
      var group = L.featureGroup();
      layer.points.forEach(function (p) {
        var m;
        if (layer.numbered) {
          m = L.marker([p[0], p[1]], {
            icon: L.divIcon({ className: "sp-num", html: text(p[6] || ""), iconSize: [24, 24] }),
            riseOnHover: true, keyboard: false
          });
        } else {
          m = L.circleMarker([p[0], p[1]], {
            radius: p[2], color: layer.stroke, weight: 1,
            fillColor: p[5] || layer.fill, fillOpacity: layer.opacity
          });
        }
        if (p[3]) {
          m.bindTooltip(text(p[3]), (!layer.numbered && p[6])
            ? { permanent: true, direction: "right", className: "sp-label" }
            : { direction: "top" });
        }
        if (p[4]) m.bindPopup(p[4], { autoPan: !layer.numbered, maxWidth: 280 });
        if (p[7]) byKey[p[7]] = { marker: m, group: group };
        group.addLayer(m);
      });
      if (layer.on) group.addTo(map);
      overlays[esc(layer.name)] = group;
    });
    L.control.layers(null, overlays, { collapsed: window.innerWidth < 700 }).addTo(map);
    L.control.scale({ imperial: false }).addTo(map);
    if (d.legend.length) {
      var legend = L.control({ position: "bottomleft" });
      legend.onAdd = function () {
        var div = L.DomUtil.create("div", "sp-legend");
        d.legend.forEach(function (row) {
          var item = L.DomUtil.create("div", "", div);
          var key = L.DomUtil.create("span", row[1] ? "sp-num sp-key" : "sp-dot sp-key", item);
          if (row[1]) key.textContent = "1"; else key.style.background = row[0];
          item.appendChild(document.createTextNode(" " + row[2]));
        });
        return div;
      };
      legend.addTo(map);
    }
    var rows = document.querySelectorAll("[data-site]");
    Array.prototype.forEach.call(rows, function (row) {
      var hit = byKey[row.getAttribute("data-site")];
      if (!hit) return;
      row.classList.add("sp-link");
      row.tabIndex = 0;
      function go() {
        if (!map.hasLayer(hit.group)) map.addLayer(hit.group);
        el.scrollIntoView({ block: "center" });
        hit.marker.openPopup();
        map.flyTo(hit.marker.getLatLng(), Math.max(map.getZoom(), 8), { duration: 0.8 });
      }
      row.addEventListener("click", go);
      row.addEventListener("keydown", function (e) {
        if (e.key === "Enter") go();
      });
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll(".sp-webmap"), build);
})();
