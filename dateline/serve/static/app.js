/* dateline web page. Hand-written, no dependencies, no build step.
 *
 * Rules kept throughout: every piece of text that comes from the API goes into the page
 * with textContent (never parsed as HTML); links are built only from ids we encode ourselves
 * or from http(s) URLs; there is no inline script or style (the CSP forbids both).
 */
"use strict";

(function () {
  const API = "/api/v1";
  const SVG_NS = "http://www.w3.org/2000/svg";
  const DAY_MS = 86400000;
  // Chart geometry in pixels: lane height, gap between lanes, room for the axis labels.
  const LANE_H = 18, LANE_GAP = 6, AXIS_H = 28, PAD_X = 16, MIN_BAR_W = 6;
  // An open end is drawn this far beyond the view's edge (a fraction of the view), so that
  // the bar visibly runs off the chart.
  const OPEN_EDGE_FRACTION = 0.02;
  const SEARCH_PAGE = 20;

  const state = {
    events: [],        // dated events, chronological
    undated: [],       // events with no known bound
    overlapping: [],   // under a date range: events whose date only overlaps it
    view: null,        // [startMs, endMs] of the visible axis
    full: null,        // [startMs, endMs] that fits every dated event
    search: { q: "", offset: 0, total: 0 },
  };

  // -- small DOM helpers ------------------------------------------------------------
  const $ = (id) => document.getElementById(id);

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  // A summary sentence: a string (the CLI's JSON) or an object with "text".
  function sentText(s) {
    return typeof s === "string" ? s : (s && s.text) || "";
  }

  function articleHref(id) {
    return "#/article/" + encodeURIComponent(String(id));
  }

  function safeHttpUrl(url) {
    try {
      const u = new URL(String(url));
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  // Load states on <body> (data-timeline, data-search, data-article, data-filters = loading | ready | error)
  // let tests and assistive tools know when a view has finished updating.
  function setLoad(what, value) {
    document.body.dataset[what] = value;
  }

  function setStatus(text) {
    $("status").textContent = text || "";
  }

  function showError(message) {
    const box = $("error");
    box.textContent = message || "";
    box.hidden = !message;
  }

  // -- API --------------------------------------------------------------------------
  async function api(path, params) {
    const qs = params ? "?" + new URLSearchParams(params).toString() : "";
    const res = await fetch(API + path + qs, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    let body = null;
    try {
      body = await res.json();
    } catch (e) {
      body = null;
    }
    if (!res.ok) {
      const msg = body && typeof body.error === "string" ? body.error : "request failed (" + res.status + ")";
      throw new Error(msg);
    }
    return body;
  }

  function filterParams() {
    const form = $("filter-form");
    const params = {};
    for (const name of ["q", "story", "entity", "source", "start", "end", "max_dates", "max_sentences"]) {
      const v = String(form.elements[name].value || "").trim();
      if (v) params[name] = v;
    }
    return params;
  }

  // -- dates --------------------------------------------------------------------------
  function toMs(iso) {
    if (!iso) return null;
    const t = Date.parse(iso + "T00:00:00Z");
    return Number.isNaN(t) ? null : t;
  }

  function eventBounds(ev) {
    const d = ev.date || {};
    return { start: toMs(d.start), end: toMs(d.end), precision: d.precision || "unknown", label: d.label || "date unknown" };
  }

  function isUndated(ev) {
    const b = eventBounds(ev);
    return b.start === null && b.end === null;
  }

  function precisionClass(b) {
    if (b.start === null || b.end === null) return "open";
    return ["day", "month", "year"].includes(b.precision) ? b.precision : "range";
  }

  function precisionText(b) {
    if (b.start === null && b.end === null) return "undated";
    if (b.start === null) return "upper bound only";
    if (b.end === null) return "lower bound only";
    if (b.precision === "day") return "exact day";
    if (b.precision === "month" || b.precision === "year") return "within a " + b.precision;
    const days = Math.round((b.end - b.start) / DAY_MS) + 1;
    return "loosely dated: " + spanText(days);
  }

  function spanText(days) {
    if (days <= 60) return days + " days";
    if (days <= 730) return "about " + Math.round(days / 30.44) + " months";
    return "about " + Math.round(days / 365.25) + " years";
  }

  // -- timeline -------------------------------------------------------------------------
  async function loadTimeline() {
    showError("");
    setLoad("timeline", "loading");
    setStatus("Loading the timeline…");
    updateExportLinks();
    try {
      const data = await api("/timeline", filterParams());
      const events = Array.isArray(data.events) ? data.events.slice() : [];
      // The library orders events (by the midpoint of their interval); the page keeps that order.
      state.events = events.filter((e) => !isUndated(e));
      state.undated = events.filter(isUndated);
      state.overlapping = Array.isArray(data.overlapping) ? data.overlapping.slice() : [];
      state.full = fullRange(state.events);
      state.view = state.full ? state.full.slice() : null;
      renderEvents();
      drawChart();
      setStatus(timelineStatus());
      setLoad("timeline", "ready");
    } catch (err) {
      state.events = [];
      state.undated = [];
      state.overlapping = [];
      renderEvents();
      drawChart();
      setStatus("");
      showError(err.message);
      setLoad("timeline", "error");
    }
  }

  function timelineStatus() {
    const n = state.events.length + state.undated.length, m = state.overlapping.length;
    if (n === 0 && m === 0) return "No events match these filters.";
    const parts = [n + " event" + (n === 1 ? "" : "s")];
    if (state.undated.length) parts.push(state.undated.length + " undated");
    if (m) parts.push(m + " more only overlapping the date range, listed apart");
    return parts[0] + (parts.length > 1 ? " (" + parts.slice(1).join("; ") + ")" : "") + ".";
  }

  function fullRange(events) {
    let lo = Infinity, hi = -Infinity;
    for (const ev of events) {
      const b = eventBounds(ev);
      for (const t of [b.start, b.end]) {
        if (t !== null) {
          lo = Math.min(lo, t);
          hi = Math.max(hi, t);
        }
      }
    }
    if (!Number.isFinite(lo)) return null;
    const pad = Math.max((hi - lo) * 0.05, 15 * DAY_MS);
    return [lo - pad, hi + pad];
  }

  function renderEvents() {
    const list = $("events");
    clear(list);
    state.events.forEach((ev, i) => list.appendChild(eventItem(ev, i)));
    const undated = $("undated");
    clear(undated);
    state.undated.forEach((ev, i) => undated.appendChild(eventItem(ev, state.events.length + i)));
    $("undated-section").hidden = state.undated.length === 0;
    const overlapping = $("overlapping");
    clear(overlapping);
    const first = state.events.length + state.undated.length;
    state.overlapping.forEach((ev, i) => overlapping.appendChild(eventItem(ev, first + i, true)));
    $("overlapping-section").hidden = state.overlapping.length === 0;
  }

  function eventItem(ev, index, overlapping) {
    const b = eventBounds(ev);
    const li = el("li", "event " + precisionClass(b) + (overlapping ? " overlapping" : ""));
    li.id = "event-" + index;
    li.dataset.start = ev.date && ev.date.start ? ev.date.start : "";
    li.dataset.end = ev.date && ev.date.end ? ev.date.end : "";
    const details = el("details");
    const summary = el("summary");
    summary.appendChild(el("span", "date", b.label));
    summary.appendChild(el("span", "badge " + precisionClass(b), precisionText(b)));
    if (overlapping) summary.appendChild(el("span", "badge overlap", "overlaps the range"));
    const first = (ev.summary || [])[0];
    summary.appendChild(el("span", "headline", first ? sentText(first) : "(no sentence)"));
    details.appendChild(summary);
    details.appendChild(eventBody(ev));
    li.appendChild(details);
    return li;
  }

  function eventBody(ev) {
    const body = el("div", "event-body");
    for (const s of ev.summary || []) body.appendChild(el("p", "sentence", sentText(s)));
    if ((ev.quotes || []).length) {
      const quotes = el("ul", "quotes");
      for (const q of ev.quotes) quotes.appendChild(quoteItem(q.text, q.speaker, q.context));
      body.appendChild(quotes);
    }
    if ((ev.entities || []).length) {
      const chips = el("ul", "chips");
      for (const name of ev.entities) chips.appendChild(entityChip(name, name));
      body.appendChild(chips);
    }
    body.appendChild(evidenceList(ev.date, null, ev.sources || []));
    const sources = el("ul", "sources");
    for (const src of ev.sources || []) {
      const li = el("li");
      const a = el("a", null, src.title || src.id);
      a.href = articleHref(src.id);
      li.appendChild(a);
      if (src.outlet) li.appendChild(el("span", "outlet", " — " + src.outlet));
      sources.appendChild(li);
    }
    body.appendChild(sources);
    return body;
  }

  // A quote with its speaker. Without one, the whole sentence it sits in is shown (a bare
  // fragment such as “a novel, not a legal document” says nothing about who is talking).
  function quoteItem(text, speaker, context) {
    const li = el("li", speaker ? "quote" : "quote unattributed");
    if (speaker || !context) {
      li.appendChild(el("blockquote", null, "“" + text + "”"));
    } else {
      li.appendChild(el("blockquote", "in-context", context));
    }
    li.appendChild(el("cite", null, speaker ? "— " + speaker : "— speaker not named"));
    return li;
  }

  function entityChip(label, value) {
    const li = el("li");
    const btn = el("button", "chip", label);
    btn.type = "button";
    btn.title = "Show only events about " + label;
    btn.addEventListener("click", () => {
      selectEntity(value, label);
      location.hash = "#/";
      loadTimeline();
    });
    li.appendChild(btn);
    return li;
  }

  function selectEntity(value, label) {
    const select = $("f-entity");
    let option = Array.from(select.options).find((o) => o.value === value || o.textContent === label);
    if (!option) {
      option = el("option", null, label);
      option.value = value;
      select.appendChild(option);
    }
    select.value = option.value;
  }

  // Evidence of a date: the text it rests on, and where that text is. ``currentId`` is the
  // article being shown (its own evidence needs no link); ``sources`` are the timeline entry's
  // sources, named when the evidence comes from one of them.
  function evidenceList(date, currentId, sources) {
    const own = new Map((sources || []).map((s) => [s.id, s]));
    const wrap = el("div", "evidence-wrap");
    const evidence = (date && date.evidence) || [];
    if (!evidence.length) return wrap;
    wrap.appendChild(el("h4", null, "Why this date"));
    const ul = el("ul", "evidence");
    for (const e of evidence) {
      const li = el("li");
      li.appendChild(el("span", "kind", e.kind));
      li.appendChild(el("q", null, e.text));
      const bound = [e.start ? "from " + e.start : "", e.end ? "to " + e.end : ""].filter(Boolean).join(" ");
      if (bound) li.appendChild(el("span", "bound", " " + bound));
      if (e.note) li.appendChild(el("span", "note", " (" + e.note + ")"));
      if (e.article_id && e.article_id !== currentId) {
        li.appendChild(document.createTextNode(" "));
        const src = own.get(e.article_id);
        const text = src ? "in " + (src.outlet ? src.outlet + ": " : "") + (src.title || "this entry's source") :
          "from another article";
        const a = el("a", "evidence-link" + (src ? " own-source" : ""), text);
        a.href = articleHref(e.article_id);
        li.appendChild(a);
      }
      ul.appendChild(li);
    }
    wrap.appendChild(ul);
    return wrap;
  }

  function openEvent(index) {
    const li = $("event-" + index);
    if (!li) return;
    const details = li.querySelector("details");
    details.open = true;
    li.scrollIntoView({ block: "nearest" });
    details.querySelector("summary").focus();
  }

  // -- chart --------------------------------------------------------------------------
  function assignLanes(items, x) {
    const laneEnds = [];
    return items.map((item) => {
      const x0 = x(item.lo), x1 = Math.max(x(item.hi), x0 + MIN_BAR_W);
      let lane = laneEnds.findIndex((end) => end + 4 <= x0);
      if (lane === -1) {
        lane = laneEnds.length;
        laneEnds.push(x1);
      } else {
        laneEnds[lane] = x1;
      }
      return Object.assign({}, item, { x0: x0, x1: x1, lane: lane });
    });
  }

  // Open-ended intervals ("before X", "after X") reach the edge of the view: any day
  // on that side is possible. Their bars are dashed (see app.css).
  function chartItems() {
    const [v0, v1] = state.view;
    const edge = (v1 - v0) * OPEN_EDGE_FRACTION;
    return state.events.map((ev, i) => {
      const b = eventBounds(ev);
      const lo = b.start !== null ? b.start : Math.min(v0 - edge, b.end - edge);
      const hi = b.end !== null ? b.end + DAY_MS : Math.max(v1 + edge, b.start + edge);
      return { ev: ev, b: b, index: i, lo: lo, hi: hi };
    });
  }

  function drawChart() {
    const box = $("chart"), canvas = $("chart-svg");
    clear(canvas);
    const width = Math.max(box.clientWidth, 280);
    if (!state.view || !state.events.length) {
      canvas.setAttribute("viewBox", "0 0 " + width + " 40");
      canvas.setAttribute("height", "40");
      const t = svg("text", { x: PAD_X, y: 24, class: "empty" });
      t.textContent = state.undated.length ? "No dated events; see the undated list below." : "No events to draw.";
      canvas.appendChild(t);
      return;
    }
    const [v0, v1] = state.view;
    const x = (t) => PAD_X + ((t - v0) / (v1 - v0)) * (width - 2 * PAD_X);
    const placed = assignLanes(chartItems(), x);
    const lanes = placed.reduce((m, p) => Math.max(m, p.lane + 1), 1);
    const height = AXIS_H + lanes * (LANE_H + LANE_GAP) + LANE_GAP;
    canvas.setAttribute("viewBox", "0 0 " + width + " " + height);
    canvas.setAttribute("height", String(height));
    drawAxis(canvas, x, width, height);
    for (const p of placed) canvas.appendChild(eventMark(p, width));
  }

  function eventMark(p, width) {
    const y = AXIS_H + LANE_GAP + p.lane * (LANE_H + LANE_GAP);
    const cls = precisionClass(p.b);
    const g = svg("g", { class: "mark " + cls, tabindex: "-1", "data-index": p.index });
    const x0 = Math.max(p.x0, 0), x1 = Math.min(p.x1, width);
    if (cls === "day") {
      g.appendChild(svg("circle", { cx: (p.x0 + p.x1) / 2, cy: y + LANE_H / 2, r: LANE_H / 2 - 2 }));
    } else if (x1 > x0) {
      g.appendChild(svg("rect", { x: x0, y: y, width: x1 - x0, height: LANE_H, rx: 3 }));
    }
    const title = svg("title");
    const first = (p.ev.summary || [])[0];
    title.textContent = p.b.label + " — " + (first ? sentText(first) : "");
    g.appendChild(title);
    g.addEventListener("click", () => openEvent(p.index));
    return g;
  }

  // How many tick labels fit: each label needs about this many pixels (11px text, "2022-10-07"
  // is the widest) so that labels never overlap, on a phone or zoomed in.
  const TICK_LABEL_PX = { year: 46, month: 66, day: 80 };

  function tickPlan(span, width) {
    const fit = (unit) => Math.max(2, Math.min(10, Math.floor(width / TICK_LABEL_PX[unit])));
    const years = span / (365.25 * DAY_MS);
    const months = span / (30.44 * DAY_MS);
    const days = span / DAY_MS;
    if (years > 2 || months / 6 > fit("month")) {
      const steps = [1, 2, 5, 10, 20, 50, 100, 200, 500];
      return { unit: "year", step: steps.find((s) => years / s <= fit("year")) || 1000 };
    }
    if (months > 2 || days / 14 > fit("day")) {
      return { unit: "month", step: [1, 2, 3, 6].find((s) => months / s <= fit("month")) || 12 };
    }
    return { unit: "day", step: [1, 2, 5, 7, 14].find((s) => days / s <= fit("day")) || 30 };
  }

  function ticks(v0, v1, width) {
    const plan = tickPlan(v1 - v0, width);
    const out = [];
    const d = new Date(v0);
    let t;
    if (plan.unit === "year") {
      let y = Math.ceil(d.getUTCFullYear() / plan.step) * plan.step;
      while ((t = Date.UTC(y, 0, 1)) <= v1 && out.length < 60) {
        if (t >= v0) out.push({ t: t, label: String(y) });
        y += plan.step;
      }
    } else if (plan.unit === "month") {
      let y = d.getUTCFullYear(), m = d.getUTCMonth();
      while ((t = Date.UTC(y, m, 1)) <= v1 && out.length < 60) {
        if (t >= v0 && m % plan.step === 0) out.push({ t: t, label: m === 0 ? String(y) : monthName(m) + " " + y });
        m += 1;
        if (m === 12) { m = 0; y += 1; }
      }
    } else {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
      for (let i = 0; t <= v1 && out.length < 60; i++, t += DAY_MS) {
        if (t >= v0 && i % plan.step === 0) out.push({ t: t, label: new Date(t).toISOString().slice(0, 10) });
      }
    }
    return out;
  }

  function monthName(m) {
    return ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][m];
  }

  function drawAxis(canvas, x, width, height) {
    canvas.appendChild(svg("line", { x1: 0, x2: width, y1: AXIS_H - 6, y2: AXIS_H - 6, class: "axis" }));
    for (const tick of ticks(state.view[0], state.view[1], width)) {
      const tx = x(tick.t);
      canvas.appendChild(svg("line", { x1: tx, x2: tx, y1: AXIS_H - 10, y2: height, class: "tick" }));
      const label = svg("text", { x: tx + 3, y: AXIS_H - 12, class: "tick-label" });
      label.textContent = tick.label;
      canvas.appendChild(label);
    }
  }

  // -- zoom and pan -------------------------------------------------------------------
  function zoom(factor, centreFraction) {
    if (!state.view) return;
    const [v0, v1] = state.view;
    const c = v0 + (v1 - v0) * (centreFraction === undefined ? 0.5 : centreFraction);
    const span = Math.min(Math.max((v1 - v0) * factor, 3 * DAY_MS), 3000 * 365 * DAY_MS);
    const f = (c - v0) / (v1 - v0);
    state.view = [c - span * f, c - span * f + span];
    drawChart();
  }

  function pan(fraction) {
    if (!state.view) return;
    const shift = (state.view[1] - state.view[0]) * fraction;
    state.view = [state.view[0] + shift, state.view[1] + shift];
    drawChart();
  }

  function fit() {
    state.view = state.full ? state.full.slice() : null;
    drawChart();
  }

  function installChartControls() {
    const box = $("chart");
    $("zoom-in").addEventListener("click", () => zoom(0.5));
    $("zoom-out").addEventListener("click", () => zoom(2));
    $("pan-left").addEventListener("click", () => pan(-0.25));
    $("pan-right").addEventListener("click", () => pan(0.25));
    $("zoom-fit").addEventListener("click", fit);
    box.addEventListener("keydown", (e) => {
      const keys = { "+": () => zoom(0.5), "=": () => zoom(0.5), "-": () => zoom(2), "_": () => zoom(2),
        ArrowLeft: () => pan(-0.1), ArrowRight: () => pan(0.1), "0": fit, Home: fit };
      if (keys[e.key]) {
        e.preventDefault();
        keys[e.key]();
      }
    });
    box.addEventListener("wheel", (e) => {
      if (!state.view) return;
      e.preventDefault();
      const r = box.getBoundingClientRect();
      zoom(e.deltaY < 0 ? 0.8 : 1.25, (e.clientX - r.left) / r.width);
    }, { passive: false });
    let drag = null;
    box.addEventListener("pointerdown", (e) => {
      if (!state.view || e.button !== 0) return;
      drag = { x: e.clientX, view: state.view.slice(), moved: false };
    });
    window.addEventListener("pointermove", (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.x;
      if (Math.abs(dx) > 3) drag.moved = true;
      if (!drag.moved) return;
      const span = drag.view[1] - drag.view[0];
      const shift = (-dx / Math.max(box.clientWidth, 1)) * span;
      state.view = [drag.view[0] + shift, drag.view[1] + shift];
      drawChart();
    });
    window.addEventListener("pointerup", () => { drag = null; });
    let resizeTimer = null;
    window.addEventListener("resize", () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(drawChart, 100);
    });
  }

  // -- filters and exports --------------------------------------------------------------
  async function loadFilters() {
    setLoad("filters", "loading");
    try {
      const [ents, srcs] = await Promise.all([api("/entities", { limit: 300 }), api("/sources")]);
      const select = $("f-entity");
      for (const e of ents.entities || []) {
        const o = el("option", null, e.name + " (" + e.count + ")");
        o.value = e.name;
        select.appendChild(o);
      }
      const sources = $("f-source");
      for (const s of srcs.sources || []) {
        if (!s.outlet) continue;
        const o = el("option", null, s.outlet + " (" + s.count + ")");
        o.value = s.outlet;
        sources.appendChild(o);
      }
      setLoad("filters", "ready");
    } catch (err) {
      setLoad("filters", "error");
      showError("Could not load the filters: " + err.message);
    }
  }

  // -- stories ------------------------------------------------------------------------------
  // The page opens on the biggest stories; choosing one shows its timeline (the "Story" filter).
  const STORIES_SHOWN = 6;

  async function loadStories() {
    try {
      const data = await api("/stories");
      const stories = data.stories || [];
      const select = $("f-story");
      for (const st of stories) {
        const o = el("option", null, st.label + " (" + st.size + ")");
        o.value = st.id;
        select.appendChild(o);
      }
      const list = $("stories-list");
      clear(list);
      const all = el("li");
      const allButton = el("button", "story", "All stories");
      allButton.type = "button";
      allButton.dataset.story = "";
      all.appendChild(allButton);
      list.appendChild(all);
      for (const st of stories.slice(0, STORIES_SHOWN)) {
        const li = el("li");
        const b = el("button", "story");
        b.type = "button";
        b.dataset.story = st.id;
        b.appendChild(el("span", "story-label", st.label));
        const span = st.start ? st.start + (st.end && st.end !== st.start ? " – " + st.end : "") : "dates unknown";
        const outlets = (st.outlets || []).length;
        b.appendChild(el("span", "story-meta", st.size + (st.size === 1 ? " article" : " articles") + " · " + span +
          " · " + outlets + (outlets === 1 ? " outlet" : " outlets")));
        li.appendChild(b);
        list.appendChild(li);
      }
      for (const b of list.querySelectorAll("button.story")) {
        b.addEventListener("click", () => selectStory(b.dataset.story));
      }
      $("stories-note").textContent = stories.length > STORIES_SHOWN ?
        "The " + STORIES_SHOWN + " biggest of " + stories.length + " stories; the Story filter lists them all." :
        (stories.length ? "" : "No stories yet.");
      markStory();
    } catch (err) {
      showError("Could not load the stories: " + err.message);
    }
  }

  function selectStory(id) {
    $("f-story").value = id;
    markStory();
    loadTimeline();
  }

  function markStory() {
    const current = $("f-story").value;
    for (const b of document.querySelectorAll("#stories-list button.story")) {
      b.setAttribute("aria-pressed", b.dataset.story === current ? "true" : "false");
    }
  }

  function updateExportLinks() {
    const params = filterParams();
    $("filter-summary").textContent = filterSummary(params);
    for (const a of document.querySelectorAll(".exports a[data-format]")) {
      const p = new URLSearchParams(Object.assign({ format: a.dataset.format }, params));
      a.href = API + "/exports/timeline?" + p.toString();
    }
  }

  // The active filters in a few words, shown beside "Filters" when the panel is folded.
  function filterSummary(params) {
    const parts = [];
    if (params.story) {
      const o = $("f-story").selectedOptions[0];
      parts.push(o ? o.textContent : params.story);
    }
    if (params.q) parts.push("“" + params.q + "”");
    if (params.entity) parts.push(params.entity);
    if (params.source) parts.push(params.source);
    if (params.start || params.end) parts.push((params.start || "…") + " – " + (params.end || "…"));
    return parts.length ? "· " + parts.join(" · ") : "· none";
  }

  // On a phone the filters start folded, so the timeline is on the first screen.
  const NARROW = "(max-width: 640px)";

  function foldFiltersOnPhones() {
    if (window.matchMedia && window.matchMedia(NARROW).matches) $("filter-panel").open = false;
  }

  // -- search ---------------------------------------------------------------------------
  async function runSearch(q, offset) {
    showView("search");
    showError("");
    state.search.q = q;
    state.search.offset = offset;
    $("search-input").value = q;
    const list = $("search-results");
    clear(list);
    setLoad("search", "loading");
    setStatus("Searching…");
    try {
      const params = { q: q, limit: SEARCH_PAGE, offset: offset };
      const data = await api("/search", params);
      state.search.total = data.total;
      const shown = data.hits.length;
      $("search-summary").textContent = data.total === 0 ? "No article matches “" + q + "”." :
        "Articles " + (offset + 1) + "–" + (offset + shown) + " of " + data.total + " for “" + q + "”.";
      for (const hit of data.hits) list.appendChild(hitItem(hit));
      $("search-prev").disabled = offset === 0;
      $("search-next").disabled = offset + shown >= data.total;
      setStatus("");
      setLoad("search", "ready");
    } catch (err) {
      setStatus("");
      $("search-summary").textContent = "";
      showError(err.message);
      setLoad("search", "error");
    }
  }

  function hitItem(hit) {
    const li = el("li", "hit");
    const a = el("a", "hit-title", hit.title || hit.name || hit.id);
    a.href = articleHref(hit.id);
    li.appendChild(a);
    const meta = [hit.outlet, hit.published && hit.published.label].filter(Boolean).join(" · ");
    if (meta) li.appendChild(el("div", "hit-meta", meta));
    if (hit.snippet) li.appendChild(el("p", "snippet", hit.snippet));
    return li;
  }

  // -- article --------------------------------------------------------------------------
  async function showArticle(id) {
    showView("article");
    showError("");
    setLoad("article", "loading");
    setStatus("Loading the article…");
    try {
      const art = await api("/articles/" + encodeURIComponent(id));
      renderArticle(art);
      setStatus("");
      $("article-title").focus();
      setLoad("article", "ready");
    } catch (err) {
      articleUnavailable(err.message);
    }
  }

  // The article view with nothing from a previous article left in it, and why.
  function articleUnavailable(message) {
    showView("article");
    setStatus("");
    for (const id of ["article-meta", "article-evidence", "article-entities", "article-quotes", "article-text",
      "article-removed"]) clear($(id));
    $("article-title").textContent = "Article not available";
    showError(message);
    setLoad("article", "error");
  }

  function renderArticle(art) {
    $("article-title").textContent = art.title || art.name || art.id;
    $("article-title").tabIndex = -1;
    const meta = $("article-meta");
    clear(meta);
    const rows = [["Outlet", art.outlet], ["Byline", art.byline], ["Dateline", art.dateline],
      ["Published", art.published && art.published.label], ["Event date", art.event_date && art.event_date.label],
      ["File", art.name]];
    for (const [k, v] of rows) {
      if (!v) continue;
      meta.appendChild(el("dt", null, k));
      meta.appendChild(el("dd", null, v));
    }
    const url = art.url && safeHttpUrl(art.url);
    if (art.url) {
      meta.appendChild(el("dt", null, "URL"));
      const dd = el("dd");
      if (url) {
        const a = el("a", null, art.url);
        a.href = url;
        a.rel = "noopener noreferrer nofollow";
        a.target = "_blank";
        dd.appendChild(a);
      } else {
        dd.textContent = art.url + " (not a web address; not linked)";
      }
      meta.appendChild(dd);
    }
    renderArticleDates(art);
    renderArticleEntities(art);
    renderArticleQuotes(art);
    renderArticleText(art);
  }

  function renderArticleDates(art) {
    const ul = $("article-evidence");
    clear(ul);
    for (const [name, interval] of [["Published", art.published], ["Main event", art.event_date]]) {
      if (!interval) continue;
      const li = el("li");
      li.appendChild(el("strong", null, name + ": " + interval.label + " (" + interval.precision + ")"));
      li.appendChild(evidenceList(interval, art.id));
      ul.appendChild(li);
    }
  }

  function renderArticleEntities(art) {
    const ul = $("article-entities");
    clear(ul);
    for (const e of art.entities || []) {
      const chip = entityChip(e.name + " · " + e.label + " · " + e.count, e.name);
      chip.firstChild.title = "Forms here: " + (e.forms || []).join(", ");
      ul.appendChild(chip);
    }
    if (!(art.entities || []).length) ul.appendChild(el("li", "note", "none found"));
  }

  function renderArticleQuotes(art) {
    const ul = $("article-quotes");
    clear(ul);
    for (const q of art.quotes || []) ul.appendChild(quoteItem(q.text, q.speaker_name || q.speaker, q.context));
    if (!(art.quotes || []).length) ul.appendChild(el("li", "note", "no direct quotes"));
  }

  function renderArticleText(art) {
    const text = $("article-text");
    clear(text);
    for (const para of String(art.text || "").split(/\n\s*\n/)) {
      if (para.trim()) text.appendChild(el("p", null, para));
    }
    const removed = $("article-removed");
    clear(removed);
    for (const r of art.removed || []) {
      const li = el("li", "removed-line " + (r.kind || ""));
      li.appendChild(el("del", null, r.line));
      li.appendChild(el("span", "reason", " " + (r.kind || "removed") + ": " + (r.reason || "")));
      removed.appendChild(li);
    }
    if (!(art.removed || []).length) removed.appendChild(el("li", "note", "nothing was removed"));
  }

  // -- ingest ---------------------------------------------------------------------------
  async function upload(e) {
    e.preventDefault();
    const files = $("ingest-files").files;
    const token = $("ingest-token").value.trim();
    const out = $("ingest-results");
    clear(out);
    if (!files.length) {
      out.appendChild(el("li", "error", "Choose at least one file."));
      return;
    }
    const body = new FormData();
    for (const f of files) body.append("files", f, f.name);
    setLoad("ingest", "loading");
    setStatus("Uploading and analysing…");
    try {
      const res = await fetch(API + "/ingest", { method: "POST", body: body, headers: { Authorization: "Bearer " + token } });
      const data = await res.json();
      if (!res.ok) throw new Error(data.error || "upload failed");
      out.appendChild(el("li", null, data.added + " added, " + data.duplicate + " duplicates, " + data.skipped + " skipped"));
      for (const d of data.documents) {
        out.appendChild(el("li", "doc " + d.status, d.name + ": " + d.status + (d.reason ? " — " + d.reason : "")));
      }
      setStatus("");
      setLoad("ingest", "ready");
      loadTimeline();
    } catch (err) {
      setStatus("");
      out.appendChild(el("li", "error", err.message));
      setLoad("ingest", "error");
    }
  }

  // -- views and routing ------------------------------------------------------------------
  function showView(name) {
    $("timeline-view").hidden = name !== "timeline";
    $("search-view").hidden = name !== "search";
    $("article-view").hidden = name !== "article";
    $("filters").hidden = name !== "timeline";
    if (name === "timeline") drawChart();
  }

  function route() {
    const hash = location.hash || "#/";
    const article = hash.match(/^#\/article\/(.+)$/);
    if (article) {
      let id;
      try {
        id = decodeURIComponent(article[1]);
      } catch (e) {  // "%E0%A4%A": not a link this page made
        articleUnavailable("This link is malformed: it does not name an article. Go back to the timeline.");
        return;
      }
      showArticle(id);
      return;
    }
    const search = hash.match(/^#\/search\?(.*)$/);
    if (search) {
      const p = new URLSearchParams(search[1]);
      runSearch(p.get("q") || "", Math.max(parseInt(p.get("offset") || "0", 10) || 0, 0));
      return;
    }
    showError("");
    showView("timeline");
  }

  function searchHash(q, offset) {
    return "#/search?" + new URLSearchParams({ q: q, offset: String(offset) }).toString();
  }

  function install() {
    installChartControls();
    $("filter-form").addEventListener("submit", (e) => {
      e.preventDefault();
      loadTimeline();
    });
    $("filter-form").addEventListener("reset", () => setTimeout(loadTimeline, 0));
    $("f-entity").addEventListener("change", loadTimeline);
    $("f-source").addEventListener("change", loadTimeline);
    $("f-story").addEventListener("change", () => {
      markStory();
      loadTimeline();
    });
    $("filter-form").addEventListener("reset", () => setTimeout(markStory, 0));
    $("search-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const q = $("search-input").value.trim();
      if (q) location.hash = searchHash(q, 0);
    });
    $("search-prev").addEventListener("click", () => {
      location.hash = searchHash(state.search.q, Math.max(state.search.offset - SEARCH_PAGE, 0));
    });
    $("search-next").addEventListener("click", () => {
      location.hash = searchHash(state.search.q, state.search.offset + SEARCH_PAGE);
    });
    $("ingest-form").addEventListener("submit", upload);
    window.addEventListener("hashchange", route);
  }

  document.addEventListener("DOMContentLoaded", () => {
    foldFiltersOnPhones();
    install();
    loadStories();
    loadFilters();
    loadTimeline();
    route();
  });
})();
