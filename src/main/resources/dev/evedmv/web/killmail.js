"use strict";
(() => {
  const { el, api, link, int, isk, time, error, table, empty, LABEL } = EveDmv;
  const id = location.pathname.split("/")[2];

  function fact(label, ...value) {
    return el("div", null, el("dt", null, label), el("dd", null, ...value));
  }

  // The victim's items by slot (high, mid, low, rigs, drone bay, cargo…), a container's contents indented under it,
  // with the ISK totals: fitted, dropped, destroyed (the API's fit and fit_values).
  function showFit(k) {
    const v = k.fit_values;
    document.getElementById("fit-values").replaceChildren(
      fact("Fitted", isk(v.fitted) + " ISK"),
      fact("Dropped", el("span", { class: "kills-value" }, isk(v.dropped) + " ISK")),
      fact("Destroyed", el("span", { class: "losses-value" }, isk(v.destroyed) + " ISK")),
      fact("Ship", isk(v.ship) + " ISK"),
      fact("Total", isk(v.total) + " ISK"));
    const container = document.getElementById("fit");
    if (k.fit.length === 0) {
      container.replaceChildren(empty("The victim carried no items."));
      return;
    }
    const headers = [["Item"], ["Destroyed", true], ["Dropped", true], ["Value", true]];
    const sections = k.fit.map(group => {
      const rows = [];
      const add = (item, depth) => {
        const name = (item.name || "Type " + item.type_id) + (item.blueprint_copy ? " (copy)" : "");
        rows.push([el("span", { class: depth ? "contained" : null }, (depth ? "↳ " : "") + name),
          item.quantity_destroyed ? int(item.quantity_destroyed) : "",
          item.quantity_dropped ? el("span", { class: "kills-value" }, int(item.quantity_dropped)) : "",
          item.value === null ? "—" : isk(item.value)]);
        for (const inner of item.items) add(inner, depth + 1);
      };
      for (const item of group.items) add(item, 0);
      return el("section", { class: "fit-slot", "data-slot": group.slot },
        el("h3", null, group.label), table(group.label, headers, rows));
    });
    container.replaceChildren(...sections);
  }

  // Over 50 attackers: how many came from each alliance (or corporation, or faction) and flew each ship type.
  function showAttackerSummary(k) {
    const card = document.getElementById("attacker-summary-card");
    const s = k.attacker_summary;
    if (!s) {
      card.hidden = true;
      return;
    }
    const groupRows = s.groups.map(g => [
      g.kind === "faction" ? (g.name || "Faction " + g.id) : link(g.kind, g.id, g.name),
      LABEL[g.kind] || "Faction", int(g.attackers), int(g.damage)]);
    const shipRows = s.ships.map(x => [link("ship", x.ship_type_id, x.name), int(x.attackers)]);
    document.getElementById("attacker-summary").replaceChildren(
      el("section", { "data-summary": "groups" }, el("h3", null, "By alliance or corporation"),
        table("Attackers by group", [["Group"], ["Kind"], ["Attackers", true], ["Damage", true]], groupRows)),
      el("section", { "data-summary": "ships" }, el("h3", null, "By ship"),
        table("Attackers by ship", [["Ship"], ["Attackers", true]], shipRows)));
    card.hidden = false;
  }

  api("/api/v1/killmails/" + encodeURIComponent(id)).then(k => {
    const victim = k.participants.find(p => p.victim) || {};
    const who = victim.character_name || victim.corporation_name || String(victim.character_id || victim.corporation_id || "");
    const ship = victim.ship_name || String(victim.ship_type_id);
    const where = k.solar_system_name || String(k.solar_system_id);
    document.getElementById("killmail-title").textContent = ship + " of " + who;
    document.getElementById("killmail-subtitle").textContent = "Killmail " + k.killmail_id + ", " + time(k.killmail_time) + " UTC in " + where;
    document.title = ship + " of " + who + " — killmail " + k.killmail_id + " — eve-dmv";
    // the labels' readable forms ("Ship", "10+ attackers"); they include npc/pvp, solo and awox; the tag as a tooltip
    const flags = (k.label_names || []).map((name, i) => el("span", { class: "tag", title: k.labels[i] }, name));
    document.getElementById("facts").replaceChildren(
      fact("Time (UTC)", time(k.killmail_time)),
      fact("System", link("system", k.solar_system_id, k.solar_system_name),
        k.security === null ? "" : " (" + Number(k.security).toFixed(1) + ")"),
      fact("Region", link("region", k.region_id, k.region_name)),
      fact("Security", k.security_band),
      fact("Value", isk(k.total_value) + " ISK"),
      fact("Attackers", int(k.attacker_count)),
      fact("Flags", ...(flags.length ? flags : ["none"])));
    const headers = [["Role"], ["Pilot"], ["Corporation"], ["Alliance"], ["Ship"], ["Weapon"], ["Damage", true]];
    // the victim, then the attackers final blow first and by damage (the API's attackers)
    const rows = k.participants.filter(p => p.victim).concat(k.attackers).map(p => [
      p.victim ? "Victim" : p.final_blow ? "Final blow" : "Attacker",
      link("character", p.character_id, p.character_name),
      link("corporation", p.corporation_id, p.corporation_name),
      link("alliance", p.alliance_id, p.alliance_name),
      link("ship", p.ship_type_id, p.ship_name),
      p.victim || p.weapon_type_id === null ? "—" : (p.weapon_name || String(p.weapon_type_id)),
      int(p.damage)]);
    document.getElementById("participants").replaceChildren(table("Participants", headers, rows));
    showFit(k);
    showAttackerSummary(k);
    document.dispatchEvent(new CustomEvent("evedmv:killmail", { detail: k })); // for the sections below
  }).catch(e => error(document.getElementById("killmail-error"), e));
})();

// The battle the killmail is in (docs/battles.md), if any, once the killmail is shown: looked up in the
// list of its system's battles of its day and the day before (a battle starts at most 4 hours before any
// of its killmails), which answers 200 whether or not there is one.
(() => {
  const { el, api, int } = EveDmv;
  const day = ms => new Date(ms).toISOString().slice(0, 10);
  document.addEventListener("evedmv:killmail", event => {
    const k = event.detail;
    const at = Date.parse(k.killmail_time);
    api("/api/v1/battles?system_id=" + k.solar_system_id + "&since=" + day(at - 86400000)
      + "&until=" + day(at + 86400000) + "&limit=100").then(page => {
      const b = page.battles.find(x => x.killmail_ids.includes(k.killmail_id));
      if (!b) return;
      const box = document.getElementById("killmail-battle");
      box.replaceChildren("Part of ", el("a", { href: "/battles/" + b.id, id: "battle-link" },
        "a battle of " + int(b.killmails) + " killmails in " + (b.system_name || b.solar_system_id)), ".");
      box.hidden = false;
    }).catch(() => {});
  });
})();
