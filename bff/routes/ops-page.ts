// The deliveries page at /ops/: counts by state, what is waiting or failed with its reason,
// the LINE quota and this month's messages by kind, a button that queues dead letters again,
// and the register writes accepted while the merchant was down (those that failed for good too). Plain HTML and one script file (no inline script, so the site's CSP applies as is).

export function opsPage(): string {
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>配信状況 / Deliveries</title>
<style>
  body { font: 14px/1.5 system-ui, sans-serif; margin: 1rem; color: #222; }
  h1 { font-size: 1.2rem; } h2 { font-size: 1rem; margin-top: 1.5rem; }
  table { border-collapse: collapse; width: 100%; } td, th { border-bottom: 1px solid #ddd; padding: .25rem .5rem; text-align: left; vertical-align: top; }
  .counts span { display: inline-block; margin: 0 1rem .5rem 0; } .dead { color: #b00020; } .error { color: #b00020; }
  form { margin: 1rem 0; } input { width: 20rem; max-width: 100%; }
</style>
</head>
<body>
<h1>LINE配信状況 <small>Deliveries</small></h1>
<form id="token-form"><label>OPS_TOKEN <input id="token" type="password" autocomplete="off"></label> <button>表示 / Show</button></form>
<p id="status" role="status"></p>
<div id="content" hidden>
  <div class="counts" id="counts"></div>
  <p id="quota"></p>
  <button id="retry-dead">失敗した配信を再送 / Retry dead letters</button>
  <h2>今月の送信数 / Sent this month</h2><table id="sent"></table>
  <h2>配信 / Deliveries <select id="state"><option value="">未送信すべて / all not sent</option><option>queued</option><option>sending</option><option>retrying</option><option>dead</option><option>quota_exhausted</option><option>cancelled</option><option>sent</option></select></h2>
  <table id="rows"></table>
  <h2>Webhookイベント / Webhook events</h2><table id="events"></table>
  <h2>店舗システム停止中に受け付けた操作 / Register writes accepted during a merchant outage</h2>
  <div class="counts" id="register-counts"></div>
  <table id="register-failed"></table>
</div>
<script src="/ops/page.js"></script>
</body>
</html>`;
}

export function opsPageScript(): string {
  return `"use strict";
const $ = (id) => document.getElementById(id);
const fromHash = new URLSearchParams(location.hash.slice(1)).get("token");
if (fromHash) { sessionStorage.setItem("opsToken", fromHash); history.replaceState(null, "", location.pathname); }
const token = () => sessionStorage.getItem("opsToken") || "";
const time = (ms) => (ms ? new Date(Number(ms)).toLocaleString("ja-JP", { timeZone: "Asia/Tokyo" }) : "");
function cell(row, text) { const td = document.createElement("td"); td.textContent = text == null ? "" : String(text); row.append(td); }
function table(el, head, rows) {
  el.replaceChildren();
  const h = document.createElement("tr"); for (const t of head) { const th = document.createElement("th"); th.textContent = t; h.append(th); } el.append(h);
  for (const r of rows) { const tr = document.createElement("tr"); for (const v of r) cell(tr, v); el.append(tr); }
}
async function call(path, init) {
  const res = await fetch(path, { ...init, headers: { authorization: "Bearer " + token() } });
  if (!res.ok) throw new Error(res.status === 401 ? "OPS_TOKEN が違います / wrong OPS_TOKEN" : "HTTP " + res.status);
  return res.json();
}
async function load() {
  $("status").textContent = "読み込み中… / Loading…";
  try {
    const state = $("state").value;
    const data = await call("/ops/deliveries" + (state ? "?state=" + state : ""));
    $("content").hidden = false;
    $("counts").replaceChildren(...Object.entries(data.deliveries).map(([s, n]) => { const span = document.createElement("span"); span.className = s === "dead" ? "dead" : ""; span.textContent = s + ": " + n; return span; }));
    $("quota").textContent = data.quota ? "LINE quota: " + (data.quota.limit === null ? "unlimited" : data.quota.used + " / " + data.quota.limit) + " (" + time(data.quota.at) + ")" : "LINE quota: not read yet";
    table($("sent"), ["kind", "sent"], Object.entries(data.sentThisMonth));
    table($("rows"), ["created (JST)", "kind", "to", "via", "state", "attempts", "next attempt", "reason"], data.rows.map((r) => [time(r.created_at), r.kind, r.line_user_id, r.sent_via || "", r.state, r.attempts, r.state === "retrying" ? time(r.next_attempt_at) : "", r.last_error]));
    table($("events"), ["received", "type", "state", "attempts", "reason"], data.events.map((e) => [e.received_at, e.event_type, e.state, e.attempts, e.last_error]));
    $("register-counts").replaceChildren(...Object.entries(data.registerWrites.byState).map(([s, n]) => { const span = document.createElement("span"); span.className = s === "failed_permanently" ? "dead" : ""; span.textContent = s + ": " + n; return span; }));
    table($("register-failed"), ["accepted (JST)", "kind", "store", "member number", "attempts", "reason (failed_permanently)"], data.registerWrites.failed.map((r) => [time(r.created_at), r.kind, r.store_id, r.member_number, r.attempts, r.last_error]));
    $("status").textContent = "";
  } catch (error) { $("status").textContent = error.message; $("status").className = "error"; }
}
$("token-form").addEventListener("submit", (event) => { event.preventDefault(); sessionStorage.setItem("opsToken", $("token").value); load(); });
$("state").addEventListener("change", load);
$("retry-dead").addEventListener("click", async () => {
  $("retry-dead").disabled = true;
  try { const r = await call("/ops/deliveries/retry-dead", { method: "POST" }); $("status").textContent = "再送キューに入れました / queued again: " + r.deliveries + " deliveries, " + r.webhookEvents + " events"; await load(); }
  catch (error) { $("status").textContent = error.message; }
  finally { $("retry-dead").disabled = false; }
});
if (token()) load();
`;
}
