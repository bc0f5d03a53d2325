/* The incident map's behaviour: reads the embedded data, fills the layers and draws the controls.
 *
 * Every text that comes from an article or a table is put into the page with textContent or as a
 * DOM property, never as markup, so that nothing in it can run or change the page.
 */
(function () {
  "use strict";

  var DAY_MS = 86400000;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function safeUrl(url) {
    return typeof url === "string" && /^https?:\/\/[^\s]+$/i.test(url) ? url : null;
  }

  function dayString(day) {
    return new Date(day * DAY_MS).toISOString().slice(0, 10);
  }

  function svgNode(tag, attrs) {
    var node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function fmt(n) {
    return Number(n).toLocaleString("en-US");
  }

  async function decode(b64) {
    var bytes;
    if (typeof Uint8Array.fromBase64 === "function") {
      bytes = Uint8Array.fromBase64(b64);
    } else {
      var bin = atob(b64);
      bytes = new Uint8Array(bin.length);
      for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return JSON.parse(await new Response(stream).text());
  }

  /* A paragraph of text with [start, end) ranges wrapped in <mark>. */
  function highlighted(text, ranges, cls) {
    var p = el("p", cls);
    var pos = 0;
    var spans = [];
    for (var i = 0; ranges && i + 1 < ranges.length; i += 2) spans.push([ranges[i], ranges[i + 1]]);
    spans.sort(function (a, b) { return a[0] - b[0]; });
    spans.forEach(function (r) {
      var s = Math.max(pos, Math.min(r[0], text.length));
      var e = Math.max(s, Math.min(r[1], text.length));
      if (s > pos) p.appendChild(document.createTextNode(text.slice(pos, s)));
      if (e > s) p.appendChild(el("mark", null, text.slice(s, e)));
      pos = Math.max(pos, e);
    });
    if (pos < text.length) p.appendChild(document.createTextNode(text.slice(pos)));
    return p;
  }

  function row(table, label, value) {
    if (value === null || value === undefined || value === "") return;
    var tr = el("tr");
    tr.appendChild(el("th", null, label));
    var td = el("td");
    if (value instanceof Node) td.appendChild(value); else td.textContent = String(value);
    tr.appendChild(td);
    table.appendChild(tr);
  }

  function control(position, build) {
    var C = L.Control.extend({
      options: { position: position },
      onAdd: function (map) {
        var div = build(map);
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
      }
    });
    return new C();
  }

  function EventMap(cfg, refs, data) {
    this.cfg = cfg;
    this.map = refs.map;
    this.refs = refs;
    this.data = data;
    this.inc = data.inc;
    this.str = data.strings;
    this.types = data.types;
    var n = this.inc.lat.length;
    this.n = n;
    this.visible = new Uint8Array(n);
    this.typeOn = this.types.map(function () { return true; });
    this.actor = -1;
    this.markers = new Array(n);
    this.circles = new Array(n);
    this.icons = {};
    var days = this.inc.day.filter(function (d) { return d !== null; });
    this.minDay = days.length ? days.reduce(function (a, b) { return Math.min(a, b); }) : null;
    this.maxDay = days.length ? days.reduce(function (a, b) { return Math.max(a, b); }) : null;
    this.until = this.maxDay;
    this.windowDays = 0;
  }

  EventMap.prototype.sizeFor = function (killed) {
    return Math.min(40, Math.round(18 + 7 * Math.log10(1 + (killed || 0))));
  };

  EventMap.prototype.icon = function (t, killed) {
    var size = this.sizeFor(killed);
    var key = t + "|" + size;
    if (!this.icons[key]) {
      var st = this.types[t];
      var html = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="' + size + '" height="' + size +
        '"><circle cx="12" cy="12" r="11" fill="' + st.color + '" stroke="#fff" stroke-width="1.5"/>' +
        '<path d="' + st.glyph + '" fill="none" stroke="#fff" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/></svg>';
      this.icons[key] = L.divIcon({ className: "em-incident em-type-" + t, html: html, iconSize: [size, size],
                                    iconAnchor: [size / 2, size / 2], popupAnchor: [0, -size / 2] });
    }
    return this.icons[key];
  };

  EventMap.prototype.s = function (table, idx) {
    return idx === null || idx === undefined || idx < 0 ? "" : this.str[table][idx];
  };

  EventMap.prototype.tooltip = function (i) {
    var inc = this.inc;
    var box = el("div", "em-tip");
    box.appendChild(el("strong", null, this.types[inc.type[i]].label));
    var where = this.s("loc", inc.loc[i]);
    var when = inc.day[i] === null ? "date unknown" : dayString(inc.day[i]);
    box.appendChild(el("div", null, where + " \u00b7 " + when));
    if (inc.k[i]) box.appendChild(el("div", null, fmt(inc.k[i]) + " killed"));
    return box;
  };

  EventMap.prototype.popup = function (i) {
    var inc = this.inc;
    var st = this.types[inc.type[i]];
    var box = el("div", "em-popup");
    var head = el("div", "em-popup-head");
    var sw = el("span", "em-swatch");
    sw.style.background = st.color;
    head.appendChild(sw);
    head.appendChild(el("strong", null, st.label));
    var sub = this.s("sub", inc.sub[i]);
    if (sub) head.appendChild(el("span", "em-sub", " \u2014 " + sub));
    box.appendChild(head);
    var t = el("table", "em-facts");
    var tp = inc.tp[i];
    var when = inc.day[i] === null ? "unknown" : dayString(inc.day[i]) +
      (tp === 2 ? " (that week)" : tp === 3 ? " (that month)" : "");
    row(t, "Date", when);
    var a1 = this.s("actors", inc.a1[i]);
    var a2 = this.s("actors", inc.a2[i]);
    row(t, "Actors", a1 && a2 ? a1 + " \u2194 " + a2 : a1 || a2 || "not named");
    row(t, "Killed", inc.k[i] === null ? "not reported" : fmt(inc.k[i]));
    if (inc.w[i] !== null) row(t, "Wounded", fmt(inc.w[i]));
    if (inc.kw[i] !== null) row(t, "Killed or wounded", fmt(inc.kw[i]));
    var adm = this.s("adm", inc.adm[i]);
    var loc = this.s("loc", inc.loc[i]);
    row(t, "Place", adm && loc ? loc + " (" + adm + ")" : loc || adm);
    row(t, "Precision", this.cfg.precisionLabels[String(inc.prec[i])] || String(inc.prec[i]));
    row(t, "Event", inc.id[i]);
    box.appendChild(t);
    var note = inc.note[i];
    if (note) box.appendChild(highlighted(note, inc.hl[i], "em-note"));
    var src = this.s("src", inc.src[i]);
    var url = safeUrl(this.s("url", inc.url[i]));
    if (src || url) {
      var p = el("p", "em-source");
      p.appendChild(document.createTextNode("Source: "));
      if (url) {
        var a = el("a", null, src || url);
        a.href = url;
        a.target = "_blank";
        a.rel = "noopener noreferrer nofollow";
        p.appendChild(a);
      } else {
        p.appendChild(document.createTextNode(src));
      }
      box.appendChild(p);
    }
    return box;
  };

  /* One popup for the whole map, reused: opening another place's details replaces the last. */
  EventMap.prototype.showPopup = function (latlng, content) {
    if (!this._popup) this._popup = L.popup({ maxWidth: 380, autoPanPadding: [30, 30] });
    this._popup.setLatLng(latlng).setContent(content).openOn(this.map);
  };

  EventMap.prototype.openPopup = function (i) {
    this.showPopup([this.inc.lat[i], this.inc.lon[i]], this.popup(i));
  };

  EventMap.prototype.buildIncidents = function () {
    var self = this;
    var inc = this.inc;
    for (var i = 0; i < this.n; i++) {
      var m = L.marker([inc.lat[i], inc.lon[i]], { icon: this.icon(inc.type[i], inc.k[i]), keyboard: false });
      m._emIndex = i;
      this.markers[i] = m;
    }
    var group = this.refs.incidents;
    group.on("click", function (e) { if (e.layer && e.layer._emIndex !== undefined) self.openPopup(e.layer._emIndex); });
    group.on("mouseover", function (e) {
      var m = e.layer;
      if (!m || m._emIndex === undefined) return;
      if (!m.getTooltip()) m.bindTooltip(self.tooltip(m._emIndex), { direction: "top", offset: [0, -8] });
      m.openTooltip();
    });
  };

  /* The uncertainty circles are made when their layer is first shown: a large map may never need them. */
  EventMap.prototype.buildCircles = function () {
    if (this.circlesBuilt || !this.refs.circles) return;
    this.circlesBuilt = true;
    var inc = this.inc;
    var renderer = L.canvas({ padding: 0.3 });
    var layer = this.refs.circles;
    for (var i = 0; i < this.n; i++) {
      var r = this.cfg.precisionRadiusKm[String(inc.prec[i])];
      if (!r) continue;
      this.circles[i] = L.circle([inc.lat[i], inc.lon[i]], {
        radius: r * 1000, renderer: renderer, color: this.types[inc.type[i]].color, weight: 1,
        opacity: 0.6, fillOpacity: 0.06, interactive: false
      });
      if (this.visible[i]) layer.addLayer(this.circles[i]);
    }
  };

  EventMap.prototype.isVisible = function (i) {
    var inc = this.inc;
    if (!this.typeOn[inc.type[i]]) return false;
    if (this.actor >= 0 && inc.a1[i] !== this.actor && inc.a2[i] !== this.actor) return false;
    var d = inc.day[i];
    if (d === null || this.until === null) return true;
    if (d > this.until) return false;
    return !(this.windowDays > 0 && d <= this.until - this.windowDays);
  };

  EventMap.prototype.apply = function () {
    var add = [], remove = [], circleAdd = [], circleRemove = [], heat = [];
    var inc = this.inc;
    var counts = this.types.map(function () { return 0; });
    var killed = 0, shown = 0;
    for (var i = 0; i < this.n; i++) {
      var v = this.isVisible(i) ? 1 : 0;
      if (v) {
        shown++;
        counts[inc.type[i]]++;
        killed += inc.k[i] || 0;
        heat.push([inc.lat[i], inc.lon[i], 0.5 + (inc.k[i] || 0)]);
      }
      if (v !== this.visible[i]) {
        (v ? add : remove).push(this.markers[i]);
        if (this.circles[i]) (v ? circleAdd : circleRemove).push(this.circles[i]);
        this.visible[i] = v;
      }
    }
    var group = this.refs.incidents;
    if (remove.length) group.removeLayers(remove);
    if (add.length) group.addLayers(add);
    var circles = this.circlesBuilt ? this.refs.circles : null;
    if (circles) {
      circleRemove.forEach(function (c) { circles.removeLayer(c); });
      circleAdd.forEach(function (c) { circles.addLayer(c); });
    }
    if (this.refs.heat) this.refs.heat.setLatLngs(heat);
    this.counts = counts;
    this.shown = shown;
    this.killed = killed;
    this.updatePanels();
  };

  /* ---------------------------------------------------------------- legend and filters */

  EventMap.prototype.legend = function () {
    var self = this;
    return control("topright", function () {
      var div = el("div", "em-control em-legend");
      div.appendChild(el("div", "em-title", "Event types"));
      self.legendCounts = [];
      self.types.forEach(function (st, t) {
        var present = self.inc.type.indexOf(t) >= 0;
        if (!present) return;
        var lab = el("label", "em-legend-row");
        var box = el("input");
        box.type = "checkbox";
        box.checked = true;
        box.addEventListener("change", function () { self.typeOn[t] = box.checked; self.apply(); });
        lab.appendChild(box);
        var ic = el("span", "em-legend-icon");
        ic.innerHTML = self.icon(t, 0).options.html;  // markup of this file's own constants only
        lab.appendChild(ic);
        lab.appendChild(el("span", "em-legend-label", st.label));
        var c = el("span", "em-legend-count", "");
        self.legendCounts[t] = c;
        lab.appendChild(c);
        div.appendChild(lab);
      });
      var sizes = el("div", "em-legend-sizes");
      sizes.appendChild(el("span", null, "Killed:"));
      [0, 10, 100, 1000].forEach(function (k) {
        var s = self.sizeFor(k);
        var dot = el("span", "em-size-dot");
        dot.style.width = dot.style.height = s + "px";
        var wrap = el("span", "em-size");
        wrap.appendChild(dot);
        wrap.appendChild(el("span", null, fmt(k)));
        sizes.appendChild(wrap);
      });
      div.appendChild(sizes);
      return div;
    });
  };

  EventMap.prototype.summary = function () {
    var self = this;
    return control("topleft", function () {
      var div = el("div", "em-control em-summary");
      var head = el("div", "em-title", self.cfg.title || "Incidents");
      var toggle = el("button", "em-collapse", "\u2212");
      toggle.type = "button";
      toggle.title = "Hide or show the summary";
      toggle.addEventListener("click", function () {
        var hidden = div.classList.toggle("em-collapsed");
        toggle.textContent = hidden ? "+" : "\u2212";
      });
      head.appendChild(toggle);
      div.appendChild(head);
      var body = el("div", "em-summary-body");
      self.totals = el("div", "em-totals");
      body.appendChild(self.totals);
      self.typeTable = el("table", "em-type-table");
      body.appendChild(self.typeTable);
      if (self.str.actors.length) {
        var sel = el("select", "em-actor");
        sel.title = "Only the incidents of one actor";
        var all = el("option", null, "All actors");
        all.value = "-1";
        sel.appendChild(all);
        var counts = new Map();
        for (var i = 0; i < self.n; i++) {
          [self.inc.a1[i], self.inc.a2[i]].forEach(function (a) { if (a >= 0) counts.set(a, (counts.get(a) || 0) + 1); });
        }
        Array.from(counts.entries()).sort(function (a, b) { return b[1] - a[1]; }).slice(0, 200).forEach(function (e) {
          var o = el("option", null, self.str.actors[e[0]] + " (" + fmt(e[1]) + ")");
          o.value = String(e[0]);
          sel.appendChild(o);
        });
        sel.addEventListener("change", function () { self.actor = parseInt(sel.value, 10); self.apply(); self.drawChart(); });
        body.appendChild(sel);
      }
      self.chart = el("div", "em-chart");
      body.appendChild(self.chart);
      if (self.data.unplaced) {
        body.appendChild(el("div", "em-note-small", fmt(self.data.unplaced) + " incidents without coordinates are not drawn."));
      }
      div.appendChild(body);
      return div;
    });
  };

  EventMap.prototype.updatePanels = function () {
    var self = this;
    if (this.totals) {
      this.totals.textContent = fmt(this.shown) + " of " + fmt(this.n) + " incidents \u00b7 " + fmt(this.killed) + " killed";
    }
    if (this.typeTable) {
      this.typeTable.textContent = "";
      this.types.forEach(function (st, t) {
        if (!self.counts[t]) return;
        var tr = el("tr");
        var sw = el("span", "em-swatch");
        sw.style.background = st.color;
        var td = el("td");
        td.appendChild(sw);
        tr.appendChild(td);
        tr.appendChild(el("td", null, st.label));
        tr.appendChild(el("td", "em-num", fmt(self.counts[t])));
        self.typeTable.appendChild(tr);
      });
    }
    (this.legendCounts || []).forEach(function (c, t) { if (c) c.textContent = fmt(self.counts[t]); });
    if (this.cursor && this.until !== null) this.moveCursor();
  };

  /* Incidents per day (or per week or month over long spans), stacked by type. */
  EventMap.prototype.drawChart = function () {
    if (!this.chart || this.minDay === null) return;
    var self = this;
    var inc = this.inc;
    var span = this.maxDay - this.minDay + 1;
    var step = span <= 120 ? 1 : span <= 840 ? 7 : 30;
    var bins = Math.ceil(span / step);
    var stacks = [];
    for (var b = 0; b < bins; b++) stacks.push(this.types.map(function () { return 0; }));
    for (var i = 0; i < this.n; i++) {
      var d = inc.day[i];
      if (d === null || !this.typeOn[inc.type[i]]) continue;
      if (this.actor >= 0 && inc.a1[i] !== this.actor && inc.a2[i] !== this.actor) continue;
      stacks[Math.floor((d - this.minDay) / step)][inc.type[i]]++;
    }
    var top = 1;
    stacks.forEach(function (s) { top = Math.max(top, s.reduce(function (a, b) { return a + b; }, 0)); });
    var W = 260, H = 80;
    var bw = W / bins;
    var svg = svgNode("svg", { width: W, height: H + 14, viewBox: "0 0 " + W + " " + (H + 14), "class": "em-chart-svg" });
    stacks.forEach(function (s, b) {
      var y = H;
      s.forEach(function (count, t) {
        if (!count) return;
        var h = (count / top) * H;
        y -= h;
        var r = svgNode("rect", { x: (b * bw).toFixed(2), y: y.toFixed(2), width: Math.max(bw - 0.5, 0.6).toFixed(2),
                                  height: h.toFixed(2), fill: self.types[t].color });
        var title = svgNode("title", {});
        title.textContent = dayString(self.minDay + b * step) + ": " + count + " " + self.types[t].label;
        r.appendChild(title);
        svg.appendChild(r);
      });
    });
    var label = function (x, text, anchor) {
      var tx = svgNode("text", { x: x, y: H + 12, "font-size": 10, "text-anchor": anchor, fill: "#555" });
      tx.textContent = text;
      svg.appendChild(tx);
    };
    label(0, dayString(this.minDay), "start");
    label(W, dayString(this.maxDay), "end");
    this.cursor = svgNode("line", { y1: 0, y2: H, stroke: "#222", "stroke-width": 1, "stroke-dasharray": "2,2" });
    svg.appendChild(this.cursor);
    this.chartScale = function (day) { return ((day - self.minDay + 1) / span) * W; };
    this.chart.textContent = "";
    var caption = el("div", "em-chart-caption", "Incidents per " + (step === 1 ? "day" : step === 7 ? "week" : "month") + " by type");
    this.chart.appendChild(caption);
    this.chart.appendChild(svg);
    this.moveCursor();
  };

  EventMap.prototype.moveCursor = function () {
    if (!this.cursor || this.until === null) return;
    var x = this.chartScale(this.until).toFixed(2);
    this.cursor.setAttribute("x1", x);
    this.cursor.setAttribute("x2", x);
  };

  /* ---------------------------------------------------------------- time slider */

  EventMap.prototype.timeSlider = function () {
    var self = this;
    return control("bottomleft", function () {
      var div = el("div", "em-control em-time");
      var play = el("button", "em-play", "\u25b6");
      play.type = "button";
      play.title = "Play the incidents day by day";
      var range = el("input", "em-range");
      range.type = "range";
      // At its left end the slider shows what came before the first dated incident (the undated ones).
      var first = self.maxDay > self.minDay ? self.minDay : self.minDay - 1;
      range.min = String(first);
      range.max = String(self.maxDay);
      range.step = "1";
      range.value = String(self.maxDay);
      range.setAttribute("aria-label", "Show incidents up to this date");
      var label = el("span", "em-date", "until " + dayString(self.maxDay));
      var win = el("select", "em-window");
      [["0", "all before"], ["1", "that day"], ["7", "7 days"], ["30", "30 days"], ["365", "a year"]].forEach(function (o) {
        var opt = el("option", null, o[1]);
        opt.value = o[0];
        win.appendChild(opt);
      });
      win.title = "Which incidents the slider shows";
      var set = function (day) {
        self.until = day;
        range.value = String(day);
        label.textContent = (self.windowDays === 1 ? "on " : "until ") + dayString(day);
        self.apply();
      };
      range.addEventListener("input", function () { set(parseInt(range.value, 10)); });
      win.addEventListener("change", function () { self.windowDays = parseInt(win.value, 10); set(self.until); });
      var timer = null;
      var stop = function () { clearInterval(timer); timer = null; play.textContent = "\u25b6"; };
      var span = self.maxDay - self.minDay;
      var stepDays = Math.max(1, Math.ceil(span / 150));
      play.addEventListener("click", function () {
        if (timer) { stop(); return; }
        if (self.until >= self.maxDay) set(first);
        play.textContent = "\u275a\u275a";
        timer = setInterval(function () {
          if (self.until >= self.maxDay) { stop(); return; }
          set(Math.min(self.maxDay, self.until + stepDays));
        }, 350);
      });
      div.appendChild(play);
      div.appendChild(range);
      div.appendChild(label);
      div.appendChild(win);
      self.slider = { range: range, set: set };
      return div;
    });
  };

  /* ---------------------------------------------------------------- search, fullscreen, minimap */

  EventMap.prototype.search = function () {
    var self = this;
    return control("topleft", function () {
      var div = el("div", "em-control em-search");
      var input = el("input", "em-search-input");
      input.type = "search";
      input.placeholder = "Find a place\u2026";
      input.setAttribute("aria-label", "Find a place by name");
      var listId = "em-places-" + Math.random().toString(36).slice(2);
      input.setAttribute("list", listId);
      var list = el("datalist");
      list.id = listId;
      var names = new Map();
      for (var i = 0; i < self.n; i++) {
        var name = self.s("loc", self.inc.loc[i]);
        if (name && !names.has(name.toLowerCase())) names.set(name.toLowerCase(), { name: name, incident: i });
      }
      var men = self.data.mentions;
      for (var j = 0; men && j < men.lat.length; j++) {
        [men.name[j], men.text[j]].forEach(function (nm) {
          if (nm && !names.has(nm.toLowerCase())) names.set(nm.toLowerCase(), { name: nm, mention: j });
        });
      }
      Array.from(names.values()).slice(0, 5000).forEach(function (v) {
        var o = el("option");
        o.value = v.name;
        list.appendChild(o);
      });
      var msg = el("div", "em-search-msg");
      var last = null;
      var go = function () {
        var q = input.value.trim().toLowerCase();
        if (!q || q === last) return;  // Enter and the change that follows it ask once
        last = q;
        setTimeout(function () { last = null; }, 300);
        var hit = names.get(q);
        if (!hit) {
          names.forEach(function (v, k) { if (!hit && k.indexOf(q) >= 0) hit = v; });
        }
        msg.textContent = hit ? "" : "No place named \u201c" + input.value.trim() + "\u201d on this map";
        if (!hit) return;
        if (hit.incident !== undefined) {
          var i = hit.incident;
          if (!self.visible[i]) {
            self.map.setView([self.inc.lat[i], self.inc.lon[i]], Math.max(self.map.getZoom(), 10));
            self.openPopup(i);
          } else {
            self.refs.incidents.zoomToShowLayer(self.markers[i], function () { self.openPopup(i); });
          }
        } else {
          self.map.setView([men.lat[hit.mention], men.lon[hit.mention]], Math.max(self.map.getZoom(), 10));
          self.showPopup([men.lat[hit.mention], men.lon[hit.mention]], self.mentionPopup(hit.mention));
        }
      };
      input.addEventListener("change", go);
      input.addEventListener("keydown", function (e) { if (e.key === "Enter") go(); });
      div.appendChild(input);
      div.appendChild(list);
      div.appendChild(msg);
      return div;
    });
  };

  EventMap.prototype.fullscreen = function () {
    return control("topleft", function (map) {
      var div = el("div", "leaflet-bar em-fullscreen");
      var a = el("a", "em-fullscreen-button");
      a.innerHTML = '<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true"><path d="M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5" ' +
        'fill="none" stroke="#333" stroke-width="2.2"/></svg>';  // this file's own markup
      a.href = "#";
      a.title = "Full screen";
      a.setAttribute("role", "button");
      a.addEventListener("click", function (e) {
        e.preventDefault();
        var box = map.getContainer();
        if (document.fullscreenElement) {
          document.exitFullscreen();
        } else if (box.requestFullscreen) {
          box.requestFullscreen().catch(function () { box.classList.toggle("em-fill-window"); map.invalidateSize(); });
        } else {
          box.classList.toggle("em-fill-window");
          map.invalidateSize();
        }
      });
      document.addEventListener("fullscreenchange", function () { map.invalidateSize(); });
      div.appendChild(a);
      return div;
    });
  };

  EventMap.prototype.minimap = function () {
    var self = this;
    return control("bottomright", function (map) {
      var div = el("div", "em-control em-minimap");
      setTimeout(function () {
        var mini = L.map(div, { attributionControl: false, zoomControl: false, dragging: false, scrollWheelZoom: false,
                                doubleClickZoom: false, boxZoom: false, keyboard: false, touchZoom: false,
                                zoomSnap: 0 });
        mini.setView(map.getCenter(), Math.max(0, map.getZoom() - 4), { animate: false });
        if (self.cfg.minimapTiles) L.tileLayer(self.cfg.minimapTiles, { maxZoom: 8 }).addTo(mini);
        if (self.data.basemap) {
          L.geoJSON(self.data.basemap.countries, { style: { color: "#999", weight: 0.6, fillColor: "#eee9df", fillOpacity: 1 },
                                                   interactive: false }).addTo(mini);
        }
        var box = L.rectangle(map.getBounds(), { color: "#c0392b", weight: 1.5, fillOpacity: 0.1, interactive: false }).addTo(mini);
        var sync = function () {
          mini.setView(map.getCenter(), Math.max(0, map.getZoom() - 4), { animate: false });
          box.setBounds(map.getBounds());
        };
        mini.on("click", function (e) { map.panTo(e.latlng); });
        map.on("move", sync);
        sync();
        self.mini = mini;
      }, 0);
      return div;
    });
  };

  /* ---------------------------------------------------------------- other layers */

  EventMap.prototype.mentionPopup = function (j) {
    var m = this.data.mentions;
    var box = el("div", "em-popup");
    box.appendChild(el("strong", null, m.name[j] || m.text[j]));
    var t = el("table", "em-facts");
    row(t, "Written", m.text[j]);
    row(t, "Kind", m.feature[j]);
    row(t, "Precision", this.cfg.precisionLabels[String(m.prec[j])] || "");
    row(t, "Article", m.doc[j]);
    box.appendChild(t);
    if (m.sentence[j]) box.appendChild(highlighted(m.sentence[j], m.hl[j], "em-note"));
    return box;
  };

  EventMap.prototype.buildMentions = function () {
    var m = this.data.mentions;
    var layer = this.refs.mentions;
    if (!m || !layer) return;
    var self = this;
    var renderer = L.canvas({ padding: 0.3 });
    for (var j = 0; j < m.lat.length; j++) {
      (function (j) {
        var c = L.circleMarker([m.lat[j], m.lon[j]], { radius: 5, color: "#34495e", weight: 1, fillColor: "#ecf0f1",
                                                       fillOpacity: 0.9, renderer: renderer });
        c.bindTooltip(function () { return el("span", null, m.text[j] + (m.name[j] && m.name[j] !== m.text[j] ? " \u2192 " + m.name[j] : "")); });
        c.on("click", function () {
          self.showPopup(c.getLatLng(), self.mentionPopup(j));
        });
        layer.addLayer(c);
      })(j);
    }
  };

  EventMap.prototype.buildRoutes = function () {
    var layer = this.refs.routes;
    if (!this.data.routes || !layer) return;
    L.geoJSON(this.data.routes, {
      style: function (f) {
        var area = f.geometry && /Polygon/.test(f.geometry.type);
        return area ? { color: "#7d6608", weight: 1.5, dashArray: "6,4", fillOpacity: 0.05 }
                    : { color: "#7d6608", weight: 4, opacity: 0.7 };
      },
      onEachFeature: function (f, lyr) {
        lyr.bindTooltip(function () { return el("span", null, f.properties.name); }, { sticky: true });
      }
    }).addTo(layer);
  };

  var RAMP = ["#fff5eb", "#fdd0a2", "#fd8d3c", "#d94801", "#7f2704"];

  EventMap.prototype.buildChoropleth = function (layer, key, label) {
    var fc = this.data.choropleth;
    if (!fc || !layer) return;
    var top = 0;
    fc.features.forEach(function (f) { top = Math.max(top, f.properties[key]); });
    L.geoJSON(fc, {
      style: function (f) {
        var v = f.properties[key];
        var k = top ? Math.min(RAMP.length - 1, Math.floor((v / top) * (RAMP.length - 1) + (v > 0 ? 0.999 : 0))) : 0;
        return { color: "#555", weight: 1, fillColor: RAMP[k], fillOpacity: 0.7 };
      },
      onEachFeature: function (f, lyr) {
        lyr.bindTooltip(function () {
          var box = el("div");
          box.appendChild(el("strong", null, f.properties.name));
          box.appendChild(el("div", null, fmt(f.properties[key]) + " " + label));
          return box;
        }, { sticky: true });
      }
    }).addTo(layer);
  };

  EventMap.prototype.buildBasemap = function () {
    var layer = this.refs.basemap;
    var bm = this.data.basemap;
    if (!layer || !bm) return;
    var map = this.map;
    L.geoJSON(bm.countries, { style: { color: "#8a8a8a", weight: 0.8, fillColor: "#f2efe9", fillOpacity: 1 }, interactive: false })
      .addTo(layer);
    if (bm.admin1) {
      L.geoJSON(bm.admin1, { style: { color: "#a0a0a0", weight: 0.6, dashArray: "3,3", fill: false }, interactive: false })
        .addTo(layer);
    }
    (bm.labels || []).forEach(function (lab) {
      var t = L.tooltip({ permanent: true, direction: "center", className: "em-label em-label-" + lab[3], interactive: false })
        .setLatLng([lab[0], lab[1]]).setContent(el("span", null, lab[2]));
      layer.addLayer(t);
    });
    var zoomClass = function () {
      var z = map.getZoom();
      var box = map.getContainer();
      box.classList.toggle("em-z-countries", z >= 4 && z < 8);
      box.classList.toggle("em-z-admin", z >= 6);
    };
    map.on("zoomend", zoomClass);
    zoomClass();
    var sea = function () {
      map.getContainer().classList.toggle("em-sea", map.hasLayer(layer));
    };
    map.on("baselayerchange", sea);
    sea();
  };

  EventMap.prototype.fit = function () {
    var inc = this.inc;
    if (!this.n) return;
    var s = 90, w = 180, nn = -90, e = -180;
    for (var i = 0; i < this.n; i++) {
      s = Math.min(s, inc.lat[i]); nn = Math.max(nn, inc.lat[i]);
      w = Math.min(w, inc.lon[i]); e = Math.max(e, inc.lon[i]);
    }
    this.map.fitBounds([[s, w], [nn, e]], { padding: [40, 40], maxZoom: 10, animate: false });
  };

  EventMap.prototype.start = function () {
    var t0 = performance.now();
    this.buildBasemap();
    this.buildIncidents();
    this.buildMentions();
    this.buildRoutes();
    this.buildChoropleth(this.refs.chorIncidents, "incidents", "incidents");
    this.buildChoropleth(this.refs.chorFatalities, "fatalities", "killed");
    if (this.cfg.fit) this.fit();
    if (this.cfg.attribution && this.map.attributionControl) this.map.attributionControl.addAttribution(this.cfg.attribution);
    this.summary().addTo(this.map);
    this.legend().addTo(this.map);
    this.search().addTo(this.map);
    this.fullscreen().addTo(this.map);
    if (this.minDay !== null) this.timeSlider().addTo(this.map);
    if (this.cfg.minimap) this.minimap().addTo(this.map);
    this.apply();
    var self = this;
    if (this.refs.circles) {
      if (this.map.hasLayer(this.refs.circles)) this.buildCircles();
      this.refs.circles.on("add", function () { self.buildCircles(); });
    }
    this.drawChart();
    this.buildMs = performance.now() - t0;
  };

  window.EventMapKit = {
    EventMap: EventMap,
    start: function (cfg, refs) {
      var node = document.getElementById(cfg.dataId);
      var box = refs.map.getContainer();
      var t0 = performance.now();
      return decode(node.textContent.trim()).then(function (data) {
        var em = new EventMap(cfg, refs, data);
        em.decodeMs = performance.now() - t0;
        box.eventMap = em;
        return new Promise(function (resolve) {
          // Ready once every mark is in its cluster (they are added in chunks, the page staying responsive).
          var done = false;
          var ready = function () {
            if (done) return;
            done = true;
            em.readyMs = performance.now() - t0;
            box.setAttribute("data-eventmap-ready", "1");
            resolve(em);
          };
          refs.incidents.options.chunkProgress = function (processed, total) { if (processed >= total) ready(); };
          em.start();
          if (!em.n || !refs.incidents._map) ready();
        });
      }).catch(function (err) {
        box.setAttribute("data-eventmap-error", String(err && err.message || err));
        var msg = el("div", "em-error", "The map's data could not be read: " + (err && err.message || err));
        box.appendChild(msg);
        throw err;
      });
    }
  };
})();
