// The battle page (docs/battles.md): summary, kills per minute by side, the sides side by side, every killmail.
"use strict";
(() => {
  const { el, api, link, killmailLink, int, isk, time, empty, error, table } = EveDmv;
  const id = location.pathname.split("/")[2];
  const COLORS = ["#1f5fae", "#c62828", "#2e7d32", "#8a4b00", "#6a1b9a"];

  function fact(label, ...value) {
    return el("div", null, el("dt", null, label), el("dd", null, ...value));
  }

  function sideName(b, i) {
    return i === null || i === undefined ? "—" : b.sides[i].name;
  }

  /** Kills per minute from the battle's first minute to its last, one series per side that dealt final blows. */
  function timeline(b, kills) {
    const box = document.getElementById("timeline-chart");
    const first = Math.floor(Date.parse(b.start) / 60000);
    const last = Math.floor(Date.parse(b.end) / 60000);
    const minutes = [];
    for (let m = first; m <= last; m++) minutes.push(m * 60);
    const counts = b.sides.map(() => minutes.map(() => 0));
    for (const k of kills) {
      if (k.final_blow_side === null) continue;
      counts[k.final_blow_side][Math.floor(Date.parse(k.killmail_time) / 60000) - first] += 1;
    }
    const series = b.sides.map((s, i) => ({ label: s.name, stroke: COLORS[i % COLORS.length],
      fill: COLORS[i % COLORS.length] + "99", paths: uPlot.paths.bars({ size: [0.8, 40] }), points: { show: false } }));
    box.replaceChildren();
    const opts = {
      width: Math.max(box.clientWidth, 240), height: 240,
      series: [{ label: "Minute (UTC)" }, ...series],
      scales: { x: { time: true, range: (u, lo, hi) => [lo - 30, hi + 30] } },
      axes: [{}, { values: (u, ticks) => ticks.map(t => Number.isInteger(t) ? int(t) : ""), size: 50 }],
      legend: { show: true },
      tzDate: ts => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
    };
    const plot = new uPlot(opts, [minutes, ...counts], box);
    window.addEventListener("resize", () => plot.setSize({ width: Math.max(box.clientWidth, 240), height: 240 }));
  }

  function sideCard(s, i) {
    const ships = s.ships.length === 0 ? empty("No ships known.")
      : table("Ships of " + s.name, [["Ship"], ["Pilots", true], ["Lost", true]],
        s.ships.map(sh => [link("ship", sh.type_id, sh.name), int(sh.pilots), int(sh.lost)]));
    return el("section", { class: "card side", "aria-label": "Side " + s.name, "data-side": i },
      el("h2", null, s.name),
      el("dl", { class: "stats" },
        fact("Kills", el("span", { class: "kills-value" }, int(s.kills))),
        fact("Losses", el("span", { class: "losses-value" }, int(s.losses))),
        fact("ISK lost", isk(s.isk_lost)),
        fact("Pilots", int(s.characters.length)),
        fact("Corporations", int(s.corporations.length)),
        fact("Alliances", int(s.alliances.length))),
      el("h3", null, "Ships flown and lost"), ships);
  }

  Promise.all([api("/api/v1/battles/" + encodeURIComponent(id)),
    api("/api/v1/battles/" + encodeURIComponent(id) + "/killmails")]).then(([b, list]) => {
    const where = b.system_name || String(b.solar_system_id);
    document.getElementById("battle-title").textContent = "Battle in " + where;
    document.getElementById("battle-subtitle").textContent = time(b.start) + " to " + time(b.end) + " UTC, "
      + int(b.killmails) + " killmails";
    document.title = "Battle in " + where + " " + time(b.start) + " — eve-dmv";
    document.getElementById("battle-facts").replaceChildren(
      fact("System", link("system", b.solar_system_id, b.system_name)),
      fact("Region", link("region", b.region_id, null)),
      fact("Killmails", int(b.killmails)),
      fact("Pilots", int(b.pilots)),
      fact("ISK destroyed", isk(b.isk_destroyed)),
      fact("Sides", int(b.sides.length)));
    timeline(b, list.killmails);
    document.getElementById("sides").replaceChildren(...b.sides.map(sideCard));
    const headers = [["Time"], ["Victim's ship"], ["Victim's side"], ["Final blow"], ["Value", true]];
    document.getElementById("battle-killmails").replaceChildren(table("Killmails", headers,
      list.killmails.map(k => [killmailLink(k.killmail_id, time(k.killmail_time)), link("ship", k.ship_type_id, k.ship_name),
        sideName(b, k.victim_side), sideName(b, k.final_blow_side), isk(k.total_value)])));
  }).catch(e => error(document.getElementById("battle-error"), e));
})();
