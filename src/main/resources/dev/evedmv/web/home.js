"use strict";
(() => {
  const { el, api, link, killmailLink, int, isk, time, empty, error, table, LABEL } = EveDmv;
  const form = document.getElementById("search-form");
  const input = document.getElementById("q");
  const results = document.getElementById("search-results");

  let shown = ""; // the search whose results are on screen, so the same answer is not drawn again under a focused link

  async function search(text) {
    const q = text.trim();
    if (q.length < 2) {
      shown = "";
      results.replaceChildren();
      return;
    }
    try {
      const found = await api("/api/v1/search?q=" + encodeURIComponent(q));
      if (input.value.trim() !== q) return; // a newer search is under way
      const answer = q + "\n" + JSON.stringify(found);
      if (answer === shown) return;
      shown = answer;
      if (found.length === 0) {
        results.replaceChildren(empty("Nothing is called like “" + q + "”."));
        return;
      }
      results.replaceChildren(el("ul", { class: "results", id: "results-list" },
        ...found.map(searchResult)));
    } catch (e) {
      shown = "";
      error(results, e);
    }
  }

  // A constellation has no page: it links to its region's, named for both.
  function searchResult(r) {
    if (r.kind === "constellation") {
      return el("li", null, el("span", { class: "kind" }, "Constellation"),
        el("a", { href: "/regions/" + r.region_id }, r.name), el("span", { class: "status" }, " (its region)"));
    }
    return el("li", null, el("span", { class: "kind" }, LABEL[r.kind]), link(r.kind, r.id, r.name));
  }

  form.addEventListener("submit", event => {
    event.preventDefault();
    clearTimeout(timer); // Enter right after typing: one search, not a second one 250 ms later
    history.replaceState(null, "", "/?q=" + encodeURIComponent(input.value.trim()));
    search(input.value);
  });
  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => search(input.value), 250);
  });
  const initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    search(initial);
  }

  // The top lists of the last 7 days, ranked by kills or by ISK destroyed (the switch; the API's by=kills|isk).
  const lists = document.getElementById("top-lists");
  const KINDS = ["character", "corporation", "alliance", "ship", "system", "region"];
  const bodies = {};
  for (const kind of KINDS) {
    bodies[kind] = el("div", null, el("p", { class: "empty" }, "Loading…"));
    lists.append(el("section", { class: "card", "data-kind": kind }, el("h3", null, ""), bodies[kind]));
  }
  function showTop(by) {
    for (const button of document.querySelectorAll("#top-switch button")) {
      const on = button.dataset.by === by;
      button.setAttribute("aria-pressed", String(on));
      button.classList.toggle("secondary", !on);
    }
    for (const kind of KINDS) {
      const body = bodies[kind];
      const title = "Top " + LABEL[kind].toLowerCase() + "s by " + (by === "isk" ? "ISK destroyed" : "kills");
      const card = body.parentElement;
      card.setAttribute("aria-label", title);
      card.dataset.by = by;
      card.querySelector("h3").textContent = title;
      api("/api/v1/top?kind=" + kind + "&window=7d&limit=10&by=" + by).then(top => {
        if (card.dataset.by !== by) return; // the switch moved on meanwhile
        if (top.items.length === 0) {
          body.replaceChildren(empty("No kills in the last 7 days."));
          return;
        }
        body.replaceChildren(table(title, [[LABEL[kind]], ["Kills", true], ["ISK destroyed", true]],
          top.items.map(i => [link(kind, i.id, i.name), int(i.kills), isk(i.isk_destroyed)])));
      }).catch(e => error(body, e));
    }
  }
  for (const button of document.querySelectorAll("#top-switch button")) {
    button.addEventListener("click", () => showTop(button.dataset.by));
  }
  showTop("kills");

  // The biggest kills of the last 7 days by ISK and the newest kills (GET /api/v1/killmails?order=isk|newest).
  function showKillmails(order, containerId, none) {
    const container = document.getElementById(containerId);
    api("/api/v1/killmails?order=" + order + "&window=7d&limit=10").then(list => {
      if (list.items.length === 0) {
        container.replaceChildren(empty(none));
        return;
      }
      container.replaceChildren(table(order === "isk" ? "Biggest kills" : "Newest kills", KILL_HEADERS,
        list.items.map(killCells)));
    }).catch(e => error(container, e));
  }
  const KILL_HEADERS = [["Time"], ["Victim"], ["Ship"], ["System"], ["Value", true]];
  function killCells(row) {
    const v = row.victim;
    return [killmailLink(row.killmail_id, time(row.killmail_time)),
      v.character_id ? link("character", v.character_id, v.character_name) : link("corporation", v.corporation_id, v.corporation_name),
      link("ship", v.ship_type_id, v.ship_name), link("system", row.solar_system_id, row.solar_system_name), isk(row.total_value)];
  }
  showKillmails("isk", "biggest-kills", "No kills in the last 7 days.");
  showKillmails("newest", "newest-kills", "No kills in the last 7 days.");
})();

// The biggest battles of the last 7 days (docs/battles.md): a page of the newest, the largest first.
(() => {
  const { el, api, link, int, isk, time, empty, error, table } = EveDmv;
  const box = document.getElementById("home-battles");
  const day = ms => new Date(ms).toISOString().slice(0, 10);
  api("/api/v1/battles?since=" + day(Date.now() - 6 * 86400000) + "&until=" + day(Date.now() + 86400000) + "&limit=100").then(page => {
    const biggest = page.battles.slice().sort((a, b) => b.killmails - a.killmails || b.id - a.id).slice(0, 10);
    if (biggest.length === 0) {
      box.replaceChildren(empty("No battles in the last 7 days."));
      return;
    }
    box.replaceChildren(table("Biggest battles", [["Start (UTC)"], ["System"], ["Killmails", true], ["Pilots", true], ["Sides"], ["ISK destroyed", true]],
      biggest.map(b => [el("a", { href: "/battles/" + b.id }, time(b.start)), link("system", b.solar_system_id, b.system_name),
        int(b.killmails), int(b.pilots), b.sides.map(s => s.name).join(" vs "), isk(b.isk_destroyed)])));
  }).catch(e => error(box, e));
})();
