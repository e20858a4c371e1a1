"use strict";
(() => {
  const { el, api, link, int, isk, empty, error, table, tableRow, LABEL, SINGULAR } = EveDmv;
  const [, plural, id] = location.pathname.split("/");
  const kind = SINGULAR[plural];
  const WINDOWS = ["7d", "30d", "90d", "365d", "all"];
  const DEFAULT_WINDOW = "90d";
  const requested = new URLSearchParams(location.search).get("window");
  const windowName = WINDOWS.includes(requested) ? requested : DEFAULT_WINDOW;
  const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

  const nav = document.getElementById("window-nav");
  for (const w of WINDOWS) {
    nav.append(el("li", null, el("a", { href: "?window=" + w, "aria-current": w === windowName ? "page" : null },
      w === "all" ? "All time" : w)));
  }
  document.getElementById("entity-kind").textContent = LABEL[kind] + " " + id;
  if (requested && !WINDOWS.includes(requested)) {
    const notice = document.getElementById("window-notice");
    notice.textContent = "Unknown window '" + requested + "', showing " + parseInt(DEFAULT_WINDOW, 10) + " days.";
    notice.hidden = false;
  }

  function stat(label, value, cls) {
    return el("div", null, el("dt", null, label), el("dd", { class: cls }, value));
  }

  /** The figures the summary has: systems and regions have none of the losing side (the API leaves them out). */
  function renderStats(s) {
    const items = [];
    const add = (key, label, format) => { if (key in s) items.push(stat(label, format(s[key]), key.replace(/_/g, "-") + "-value")); };
    add("kills", "Kills", int);
    add("losses", "Losses", int);
    add("isk_destroyed", "ISK destroyed", isk);
    add("isk_lost", "ISK lost", isk);
    add("solo_kills", "Solo kills", int);
    add("solo_losses", "Solo losses", int);
    add("final_blows", "Final blows", int);
    add("danger_ratio", "Danger", v => v + "%");
    add("gang_ratio", "Gang", v => v + "%");
    add("avg_gang_size", "Avg gang size", v => Number(v).toFixed(2));
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
  // A month the window covers only in part (the API's partial, with its days): hatched behind the bars and labelled
  // with its days ("2026-11 (7 d)"), so that a short month does not look like a collapse.
  function monthLabel(m) {
    return m.partial ? m.month + " (" + m.days + " d)" : m.month;
  }
  function hatchPartialMonths(months) {
    return u => {
      const ctx = u.ctx;
      const { top, height } = u.bbox;
      months.forEach((m, i) => {
        if (!m.partial) return;
        const left = u.valToPos(i - 0.5, "x", true), right = u.valToPos(i + 0.5, "x", true);
        ctx.save();
        ctx.beginPath();
        ctx.rect(left, top, right - left, height);
        ctx.clip();
        ctx.beginPath();
        ctx.strokeStyle = "rgba(91,100,112,0.35)";
        ctx.lineWidth = 1;
        for (let x = left - height; x < right; x += 8 * devicePixelRatio) {
          ctx.moveTo(x, top + height);
          ctx.lineTo(x + height, top);
        }
        ctx.stroke();
        ctx.restore();
      });
    };
  }

  function chart(boxId, months, series, values, format, emptyText) {
    const box = document.getElementById(boxId);
    if (months.length === 0) {
      box.replaceChildren(empty(emptyText));
      return;
    }
    box.replaceChildren();
    const xs = months.map((m, i) => i);
    const opts = {
      width: Math.max(box.clientWidth, 240), height: 220,
      scales: { x: { time: false, range: (u, lo, hi) => [lo - 0.5, hi + 0.5] } },
      axes: [{ values: (u, ticks) => ticks.map(t => Number.isInteger(t) && months[t] ? monthLabel(months[t]) : ""),
        incrs: [1, 2, 3, 6, 12] },
        { values: (u, ticks) => ticks.map(format), size: 76 }],
      series: [{ label: "Month", value: (u, v) => v === null || !months[v] ? "" : monthLabel(months[v]) }, ...series],
      legend: { show: true },
      hooks: { drawClear: [hatchPartialMonths(months)] },
    };
    const plot = new uPlot(opts, [xs, ...values], box);
    const partial = months.filter(m => m.partial);
    if (partial.length) {
      box.append(el("p", { class: "chart-note", "data-partial": partial.map(m => m.month).join(" ") },
        "Hatched: " + partial.map(monthLabel).join(", ") + " — only part of the month is in the window."));
    }
    charts.push([plot, box]);
  }

  /** Monthly charts; the losses series only for entities that have losses (not systems and regions). */
  function renderCharts(s) {
    charts.splice(0).forEach(([plot]) => plot.destroy());
    const monthly = s.monthly;
    const losses = "losses" in s;
    document.getElementById("monthly-heading").textContent = losses ? "Kills and losses by month" : "Kills by month";
    document.getElementById("isk-heading").textContent = losses ? "ISK destroyed and lost by month" : "ISK destroyed by month";
    const emptyText = losses ? "No kills or losses in this window." : "No kills in this window.";
    const bars = align => uPlot.paths.bars({ size: [0.35, 60], align });
    const counts = [{ label: "Kills", stroke: "#2e7d32", fill: "rgba(46,125,50,0.7)", paths: bars(losses ? -1 : 0), points: { show: false } }];
    const countValues = [monthly.map(m => m.kills)];
    const iskSeries = [{ label: "ISK destroyed", stroke: "#2e7d32", width: 2, value: (u, v) => v === null ? "" : isk(v) }];
    const iskValues = [monthly.map(m => Number(m.isk_destroyed))];
    if (losses) {
      counts.push({ label: "Losses", stroke: "#c62828", fill: "rgba(198,40,40,0.7)", paths: bars(1), points: { show: false } });
      countValues.push(monthly.map(m => m.losses));
      iskSeries.push({ label: "ISK lost", stroke: "#c62828", width: 2, value: (u, v) => v === null ? "" : isk(v) });
      iskValues.push(monthly.map(m => Number(m.isk_lost)));
    }
    chart("monthly-chart", monthly, counts, countValues, v => int(v), emptyText);
    chart("isk-chart", monthly, iskSeries, iskValues, v => isk(v), emptyText);
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
    lists.push(...groupLists(s));
    document.getElementById("top-lists").replaceChildren(...lists);
  }

  /** Who hunts in a system or region, an alliance's corporations, and who an entity fights (when the kind has them). */
  function groupLists(s) {
    const lists = [];
    const group = r => link(r.kind, r.id, r.name);
    if (s.top_characters) {
      lists.push(topList("Top pilots here", [["Pilot"], ["Kills", true]],
        s.top_characters.map(r => [link("character", r.character_id, r.name), int(r.kills)]), "No kills in this window."));
    }
    if (s.top_corporations) {
      lists.push(topList(s.top_alliances ? "Top corporations here" : "Member corporations", [["Corporation"], ["Kills", true]],
        s.top_corporations.map(r => [link("corporation", r.corporation_id, r.name), int(r.kills)]), "No corporation kills in this window."));
    }
    if (s.top_alliances) {
      lists.push(topList("Top alliances here", [["Alliance"], ["Kills", true]],
        s.top_alliances.map(r => [link("alliance", r.alliance_id, r.name), int(r.kills)]), "No alliance kills in this window."));
    }
    if (s.top_enemies) {
      lists.push(topList("Top enemies", [["Group"], ["Kills", true]],
        s.top_enemies.map(r => [group(r), int(r.kills)]), "No kills in this window."));
    }
    if (s.top_killers) {
      lists.push(topList("Top killers", [["Group"], ["Losses", true]],
        s.top_killers.map(r => [group(r), int(r.losses)]), "No losses to players in this window."));
    }
    return lists;
  }

  /** Under the name: who a pilot flies for, a corporation's alliance (as of their newest killmail), where a system is. */
  function renderHeaderFacts(s) {
    const parts = [];
    const a = s.affiliation;
    if (a) {
      if (a.corporation_id) parts.push(link("corporation", a.corporation_id, a.corporation_name));
      parts.push(a.alliance_id ? link("alliance", a.alliance_id, a.alliance_name) : "no alliance");
      parts.push("as of " + EveDmv.time(a.as_of));
    }
    const l = s.location;
    if (l) {
      parts.push(el("span", { class: "security " + l.security_band }, l.security.toFixed(1) + " " + l.security_band));
      if (l.constellation_id) parts.push(l.constellation_name || "constellation " + l.constellation_id);
      if (l.region_id) parts.push(link("region", l.region_id, l.region_name));
    }
    if (parts.length === 0) return;
    const facts = el("p", { class: "subtitle", id: "entity-facts" });
    parts.forEach((p, i) => facts.append(i === 0 ? "" : " · ", p));
    document.getElementById("entity-kind").after(facts);
  }

  /** The losses table names who landed the final blow (the victim is the page's entity), and the ship lost. */
  const LOSS_HEADERS = [["Time"], ["Final blow"], ["Their group"], ["Ship lost"], ["System"], ["Value", true], ["Attackers", true]];

  function lossCells(row) {
    const f = row.final_blow || {};
    const group = f.alliance_id ? link("alliance", f.alliance_id, f.alliance_name)
      : link("corporation", f.corporation_id, f.corporation_name);
    return [EveDmv.killmailLink(row.killmail_id, EveDmv.time(row.killmail_time)),
      link("character", f.character_id, f.character_name), group,
      link("ship", row.victim.ship_type_id, row.victim.ship_name),
      link("system", row.solar_system_id, row.solar_system_name),
      EveDmv.isk(row.total_value), EveDmv.int(row.attacker_count)];
  }

  /** Kills or losses, newest first, a page at a time with the API's cursor. */
  function activity(side, boxId) {
    const box = document.getElementById(boxId);
    const headers = side === "losses" ? LOSS_HEADERS : EveDmv.ACTIVITY_HEADERS;
    const cells = side === "losses" ? lossCells : EveDmv.activityCells;
    const wrap = table("Recent " + side, headers, []);
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
        page.items.forEach(row => body.append(tableRow(headers, cells(row))));
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
    renderCharts(s);
    renderTopLists(s);
    renderHeaderFacts(s);
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

// A system's recent battles (docs/battles.md), newest first; other kinds have no such section.
(() => {
  const { el, api, int, isk, time, empty, error, table } = EveDmv;
  const [, plural, id] = location.pathname.split("/");
  if (plural !== "systems") return;
  const section = document.getElementById("battles-section");
  const box = document.getElementById("battles");
  section.hidden = false;
  const day = ms => new Date(ms).toISOString().slice(0, 10);
  api("/api/v1/battles?system_id=" + encodeURIComponent(id) + "&since=" + day(Date.now() - 89 * 86400000)
    + "&until=" + day(Date.now() + 86400000) + "&limit=10").then(page => {
    if (page.battles.length === 0) {
      box.replaceChildren(empty("No battles in the last 90 days."));
      return;
    }
    box.replaceChildren(table("Recent battles", [["Start (UTC)"], ["Killmails", true], ["Pilots", true], ["Sides"], ["ISK destroyed", true]],
      page.battles.map(b => [el("a", { href: "/battles/" + b.id }, time(b.start)), int(b.killmails), int(b.pilots),
        b.sides.map(s => s.name).join(" vs "), isk(b.isk_destroyed)])));
  }).catch(e => error(box, e));
})();
