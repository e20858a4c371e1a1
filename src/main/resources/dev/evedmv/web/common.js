// Helpers shared by the pages. Everything from the API goes into the DOM as text, never as HTML.
"use strict";
const EveDmv = (() => {
  const PLURAL = { character: "characters", corporation: "corporations", alliance: "alliances",
    ship: "ships", system: "systems", region: "regions" };
  const SINGULAR = Object.fromEntries(Object.entries(PLURAL).map(([s, p]) => [p, s]));
  const LABEL = { character: "Pilot", corporation: "Corporation", alliance: "Alliance", ship: "Ship",
    system: "System", region: "Region" };

  /** el("td", {class: "num"}, "text", otherNode): an element with attributes and text or node children. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }

  async function api(path) {
    const response = await fetch(path, { headers: { Accept: "application/json" } });
    let body = null;
    try { body = await response.json(); } catch (e) { body = null; }
    if (!response.ok) {
      const detail = body && body.detail ? body.detail : response.status + " " + response.statusText;
      throw new Error(detail);
    }
    return body;
  }

  /** A link to an entity's page, its name or, when the name is unknown, its id; a dash without id. */
  function link(kind, id, name) {
    if (id === null || id === undefined) return document.createTextNode("—");
    return el("a", { href: "/" + PLURAL[kind] + "/" + id }, name || String(id));
  }

  function killmailLink(id, text) {
    return el("a", { href: "/killmails/" + id }, text || String(id));
  }

  const integer = new Intl.NumberFormat("en-US");
  function int(n) { return integer.format(Number(n)); }

  function isk(value) {
    const v = Number(value);
    const units = [[1e12, "T"], [1e9, "B"], [1e6, "M"], [1e3, "k"]];
    for (const [size, unit] of units) {
      if (Math.abs(v) >= size) return (v / size).toFixed(2) + unit;
    }
    return v.toFixed(0);
  }

  function time(iso) { return iso.replace("T", " ").replace(/:\d\dZ$/, ""); }

  function empty(text) { return el("p", { class: "empty" }, text); }

  function error(container, err) {
    container.replaceChildren(el("p", { class: "error", role: "alert" }, "Could not load: " + err.message));
  }

  /** A table: headers are [label, numeric?]; rows are arrays of cells (text or nodes). */
  function table(caption, headers, rows) {
    const head = el("tr", null, ...headers.map(([label, num]) => el("th", { scope: "col", class: num ? "num" : null }, label)));
    const body = el("tbody");
    for (const row of rows) body.append(tableRow(headers, row));
    const t = el("table", null, caption ? el("caption", { class: "visually-hidden" }, caption) : null, el("thead", null, head), body);
    return el("div", { class: "table-wrap" }, t);
  }

  function tableRow(headers, cells) {
    return el("tr", null, ...cells.map((c, i) => el("td", { class: headers[i][1] ? "num" : null }, c)));
  }

  const ACTIVITY_HEADERS = [["Time"], ["Victim"], ["Corporation"], ["Ship"], ["System"], ["Value", true], ["Attackers", true]];

  function activityCells(row) {
    const v = row.victim;
    return [killmailLink(row.killmail_id, time(row.killmail_time)),
      link("character", v.character_id, v.character_name),
      link("corporation", v.corporation_id, v.corporation_name),
      link("ship", v.ship_type_id, v.ship_name),
      link("system", row.solar_system_id, row.solar_system_name),
      isk(row.total_value), int(row.attacker_count)];
  }

  return { PLURAL, SINGULAR, LABEL, el, api, link, killmailLink, int, isk, time, empty, error, table, tableRow,
    ACTIVITY_HEADERS, activityCells };
})();
