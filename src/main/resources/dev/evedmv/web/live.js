"use strict";
(() => {
  const { el, empty, tableRow, table, ACTIVITY_HEADERS, activityCells } = EveDmv;
  const MAX_ROWS = 100;
  const status = document.getElementById("live-status");
  const feed = document.getElementById("feed");
  const wrap = table("Newest killmails", ACTIVITY_HEADERS, []);
  const body = wrap.querySelector("tbody");
  const seen = new Set();
  const waiting = empty("No killmails yet; new ones appear here as they are stored.");
  feed.replaceChildren(waiting);

  const source = new EventSource("/api/v1/stream/killmails");
  source.addEventListener("open", () => { status.textContent = "Connected: new killmails appear at the top."; });
  source.addEventListener("error", () => { status.textContent = "Connection lost; reconnecting…"; });
  source.addEventListener("killmail", event => {
    const row = JSON.parse(event.data);
    if (seen.has(row.killmail_id)) return;
    seen.add(row.killmail_id);
    if (waiting.isConnected) feed.replaceChildren(wrap);
    const tr = tableRow(ACTIVITY_HEADERS, activityCells(row));
    tr.setAttribute("data-killmail-id", row.killmail_id);
    body.prepend(tr);
    while (body.rows.length > MAX_ROWS) body.deleteRow(body.rows.length - 1);
  });
})();
