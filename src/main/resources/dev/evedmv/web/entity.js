"use strict";
(() => {
  const { el, api, link, int, isk, empty, error, table, tableRow, LABEL, SINGULAR } = EveDmv;
  const [, plural, id] = location.pathname.split("/");
  const kind = SINGULAR[plural];
  const WINDOWS = ["7d", "30d", "90d", "365d", "all"];
  const requested = new URLSearchParams(location.search).get("window");
  const windowName = WINDOWS.includes(requested) ? requested : "90d";
  const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

  const nav = document.getElementById("window-nav");
  for (const w of WINDOWS) {
    nav.append(el("li", null, el("a", { href: "?window=" + w, "aria-current": w === windowName ? "page" : null },
      w === "all" ? "All time" : w)));
  }
  document.getElementById("entity-kind").textContent = LABEL[kind] + " " + id;

  function stat(label, value, cls) {
    return el("div", null, el("dt", null, label), el("dd", { class: cls }, value));
  }

  function renderStats(s) {
    const items = [stat("Kills", int(s.kills), "kills-value")];
    if (kind !== "system" && kind !== "region") items.push(stat("Losses", int(s.losses), "losses-value"));
    items.push(stat("ISK destroyed", isk(s.isk_destroyed)));
    if (kind !== "system" && kind !== "region") items.push(stat("ISK lost", isk(s.isk_lost)));
    items.push(stat("Solo kills", int(s.solo_kills)));
    if (kind !== "system" && kind !== "region") items.push(stat("Solo losses", int(s.solo_losses)));
    if (kind === "character" || kind === "corporation" || kind === "alliance") items.push(stat("Final blows", int(s.final_blows)));
    items.push(stat("Danger", s.danger_ratio + "%"), stat("Gang", s.gang_ratio + "%"),
      stat("Avg gang size", Number(s.avg_gang_size).toFixed(2)));
    document.getElementById("stats").replaceChildren(...items);
  }

  function renderHeatmap(heatmap, timezones) {
    const box = document.getElementById("heatmap");
    const max = Math.max(0, ...heatmap.flat());
    if (max === 0) {
      box.replaceChildren(empty("No kills in this window."));
      document.getElementById("timezones").replaceChildren();
      return;
    }
    const hours = [...Array(24).keys()];
    const head = el("tr", null, el("td"), ...hours.map(h => el("th", { scope: "col" }, String(h).padStart(2, "0"))));
    const body = el("tbody");
    heatmap.forEach((row, d) => {
      body.append(el("tr", null, el("th", { scope: "row" }, DAYS[d]), ...row.map((count, h) => {
        const share = count / max;
        const cell = el("td", { "data-count": count, title: DAYS[d] + " " + String(h).padStart(2, "0") + ":00 UTC: " + count + " kills",
          class: share > 0.5 ? "hot" : null }, count > 0 ? String(count) : "");
        if (count > 0) cell.style.backgroundColor = "rgba(var(--heat), " + (0.15 + 0.85 * share).toFixed(3) + ")";
        return cell;
      })));
    });
    box.replaceChildren(el("div", { class: "table-wrap" }, el("table", { class: "heatmap", id: "heatmap-table" },
      el("caption", { class: "visually-hidden" }, "Kills by UTC weekday and hour"), el("thead", null, head), body)));
    const zones = [["au", "AU 08–13"], ["ru", "RU 14–16"], ["eu", "EU 17–21"], ["usw", "US West 04–07"], ["use", "US East"]];
    document.getElementById("timezones").replaceChildren(el("h3", null, "Time zones"),
      table("Kills by time zone", zones.map(([, label]) => [label, true]), [zones.map(([key]) => int(timezones[key]))]));
  }

  const charts = [];
  function chart(boxId, months, series, values, format) {
    const box = document.getElementById(boxId);
    if (months.length === 0) {
      box.replaceChildren(empty("No kills or losses in this window."));
      return;
    }
    box.replaceChildren();
    const xs = months.map((m, i) => i);
    const opts = {
      width: Math.max(box.clientWidth, 240), height: 220,
      scales: { x: { time: false, range: (u, lo, hi) => [lo - 0.5, hi + 0.5] } },
      axes: [{ values: (u, ticks) => ticks.map(t => Number.isInteger(t) && months[t] ? months[t].month : ""),
        incrs: [1, 2, 3, 6, 12] },
        { values: (u, ticks) => ticks.map(format), size: 76 }],
      series: [{ label: "Month", value: (u, v) => v === null || !months[v] ? "" : months[v].month }, ...series],
      legend: { show: true },
    };
    const plot = new uPlot(opts, [xs, ...values], box);
    charts.push([plot, box]);
  }

  function renderCharts(monthly) {
    charts.splice(0).forEach(([plot]) => plot.destroy());
    const bars = align => uPlot.paths.bars({ size: [0.35, 60], align });
    chart("monthly-chart", monthly, [
      { label: "Kills", stroke: "#2e7d32", fill: "rgba(46,125,50,0.7)", paths: bars(-1), points: { show: false } },
      { label: "Losses", stroke: "#c62828", fill: "rgba(198,40,40,0.7)", paths: bars(1), points: { show: false } },
    ], [monthly.map(m => m.kills), monthly.map(m => m.losses)], v => int(v));
    chart("isk-chart", monthly, [
      { label: "ISK destroyed", stroke: "#2e7d32", width: 2, value: (u, v) => v === null ? "" : isk(v) },
      { label: "ISK lost", stroke: "#c62828", width: 2, value: (u, v) => v === null ? "" : isk(v) },
    ], [monthly.map(m => Number(m.isk_destroyed)), monthly.map(m => Number(m.isk_lost))], v => isk(v));
  }
  window.addEventListener("resize", () => charts.forEach(([plot, box]) => plot.setSize({ width: Math.max(box.clientWidth, 240), height: 220 })));

  function topList(title, headers, rows, emptyText) {
    return el("section", { class: "card", "aria-label": title }, el("h2", null, title),
      rows.length === 0 ? empty(emptyText) : table(title, headers, rows));
  }

  function renderTopLists(s) {
    const lists = [topList("Top ships", [["Ship"], ["Kills", true]],
      s.top_ships.map(r => [link("ship", r.type_id, r.name), int(r.kills)]), "No ships in this window.")];
    if (s.top_systems) {
      lists.push(topList("Top systems", [["System"], ["Kills", true]],
        s.top_systems.map(r => [link("system", r.system_id, r.name), int(r.kills)]), "No systems in this window."));
    }
    if (s.associates) {
      lists.push(topList("Associates", [["Pilot"], ["Shared kills", true]],
        s.associates.map(r => [link("character", r.character_id, r.name), int(r.shared_kills)]), "No associates in this window."));
    }
    if (s.top_members) {
      lists.push(topList("Top members", [["Pilot"], ["Kills", true]],
        s.top_members.map(r => [link("character", r.character_id, r.name), int(r.kills)]), "No member kills in this window."));
    }
    document.getElementById("top-lists").replaceChildren(...lists);
  }

  /** Kills or losses, newest first, a page at a time with the API's cursor. */
  function activity(side, boxId) {
    const box = document.getElementById(boxId);
    const wrap = table("Recent " + side, EveDmv.ACTIVITY_HEADERS, []);
    const body = wrap.querySelector("tbody");
    const more = el("button", { type: "button", class: "secondary", id: side + "-more" }, "Load more " + side);
    let next = null;
    async function load() {
      more.disabled = true;
      try {
        const page = await api("/api/v1/" + plural + "/" + id + "/" + side + "?limit=25" + (next ? "&before=" + encodeURIComponent(next) : ""));
        if (!next && page.items.length === 0) {
          box.replaceChildren(empty("No " + side + " recorded."));
          return;
        }
        page.items.forEach(row => body.append(tableRow(EveDmv.ACTIVITY_HEADERS, EveDmv.activityCells(row))));
        next = page.next;
        if (next) box.append(more); else more.remove();
      } catch (e) {
        error(box, e);
      } finally {
        more.disabled = false;
      }
    }
    more.addEventListener("click", load);
    box.replaceChildren(wrap);
    load();
  }

  api("/api/v1/" + plural + "/" + id + "?window=" + windowName).then(s => {
    const name = s.name || String(s.id);
    document.getElementById("entity-name").textContent = name;
    document.title = name + " — " + LABEL[kind] + " — eve-dmv";
    renderStats(s);
    renderHeatmap(s.heatmap, s.timezones);
    renderCharts(s.monthly);
    renderTopLists(s);
  }).catch(e => {
    document.getElementById("entity-name").textContent = LABEL[kind] || "Unknown page";
    error(document.getElementById("summary-error"), e);
  });
  if (kind) {
    activity("kills", "kills");
    if (kind === "system" || kind === "region") document.getElementById("losses-section").remove();
    else activity("losses", "losses");
  }
})();
