"use strict";
(() => {
  const { el, api, link, int, isk, empty, error, table, LABEL } = EveDmv;
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
        ...found.map(r => el("li", null, el("span", { class: "kind" }, LABEL[r.kind]), link(r.kind, r.id, r.name)))));
    } catch (e) {
      shown = "";
      error(results, e);
    }
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

  const lists = document.getElementById("top-lists");
  for (const kind of ["character", "corporation", "alliance", "ship", "system", "region"]) {
    const body = el("div", null, el("p", { class: "empty" }, "Loading…"));
    const title = "Top " + LABEL[kind].toLowerCase() + "s by kills";
    lists.append(el("section", { class: "card", "aria-label": title, "data-kind": kind }, el("h3", null, title), body));
    api("/api/v1/top?kind=" + kind + "&window=7d&limit=10").then(top => {
      if (top.items.length === 0) {
        body.replaceChildren(empty("No kills in the last 7 days."));
        return;
      }
      body.replaceChildren(table(title, [[LABEL[kind]], ["Kills", true], ["ISK destroyed", true]],
        top.items.map(i => [link(kind, i.id, i.name), int(i.kills), isk(i.isk_destroyed)])));
    }).catch(e => error(body, e));
  }
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
