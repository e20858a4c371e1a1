"use strict";
(() => {
  const { el, empty, tableRow, table, ACTIVITY_HEADERS, activityCells } = EveDmv;
  const MAX_ROWS = 100;
  const status = document.getElementById("live-status");
  const feed = document.getElementById("feed");
  const feedStatus = document.getElementById("feed-status");
  /** A feed that has not answered for this long is reported as silent. */
  const SILENT_MS = 10 * 60 * 1000;
  const wrap = table("Newest killmails", ACTIVITY_HEADERS, []);
  const body = wrap.querySelector("tbody");
  const seen = new Set();
  const waiting = empty("No killmails yet; new ones appear here as they are stored.");
  feed.replaceChildren(waiting);

  const source = new EventSource("/api/v1/stream/killmails");
  source.addEventListener("open", () => { status.textContent = "Connected: new killmails appear at the top."; });
  source.addEventListener("error", () => { status.textContent = "Connection lost; reconnecting…"; });
  const when = iso => iso.slice(0, 16).replace("T", " ") + " UTC";
  // The state of the feeds that store killmails (another process may follow them): a quiet page is not always a connected feed.
  source.addEventListener("feeds", event => {
    const { feeds } = JSON.parse(event.data);
    let warn = false;
    const lines = feeds.map(f => {
      if (f.status === "failing") {
        warn = true;
        return `The ${f.feed} feed has been failing since ${when(f.failing_since)} (last answer: ${f.last_success_at ? when(f.last_success_at) : "never"}); `
          + "new killmails appear when it recovers.";
      }
      if (!f.last_success_at) {
        return `The ${f.feed} feed has not answered yet.`;
      }
      if (Date.now() - Date.parse(f.last_success_at) > SILENT_MS) {
        warn = true;
        return `The ${f.feed} feed has not answered since ${when(f.last_success_at)}.`;
      }
      return `The ${f.feed} feed is receiving killmails`
        + (f.backlog > 0 ? `, catching up: ${f.backlog} behind.` : ".");
    });
    feedStatus.textContent = lines.length ? lines.join(" ")
      : "No live feed has run: killmails appear here as imports store them.";
    feedStatus.classList.toggle("warn", warn);
  });
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
