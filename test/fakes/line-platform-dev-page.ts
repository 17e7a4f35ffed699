// The fake LINE platform's dev page. In dev it is reached through a proxy at
// `/__fake-line/` on the app's origin, so every URL in it is resolved against the page's
// own location (see `apiBase`), never written as an absolute path.

/** A self-contained HTML page (no external assets) showing personas, calls and faults. */
export function linePlatformDevPage(): string {
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>Fake LINE Platform</title>
<style>${pageStyle}</style>
</head>
<body>
<header><h1>LINE プラットフォーム (フェイク)<small>Fake LINE Platform · dev only</small></h1></header>
<main>
  <section>
    <h2>ペルソナ <small>Personas</small></h2>
    <div id="personas" class="cards">読み込み中… / Loading…</div>
  </section>
  <section>
    <h2>障害の注入 <small>Injected faults</small></h2>
    <p id="faults">—</p>
    <form id="fault-form">
      <label>対象 / Target
        <select name="target"><option value="messaging">Messaging API</option><option value="jwks">JWKS (certs)</option></select>
      </label>
      <label>モード / Mode
        <select name="mode">
          <option value="none">none (解除 / clear)</option>
          <option value="rate_limit">rate_limit (429)</option>
          <option value="server_error">server_error (500)</option>
          <option value="slow">slow (5 s)</option>
        </select>
      </label>
      <label>回数 / Times <input name="times" type="number" min="1" placeholder="∞"></label>
      <button type="submit">設定 / Apply</button>
    </form>
  </section>
  <section>
    <h2>最近の呼び出し <small>Recent Messaging API calls (newest 50)</small></h2>
    <button id="clear-calls" type="button">クリア / Clear</button>
    <ol id="calls" class="calls"></ol>
  </section>
</main>
<script>${pageScript}</script>
</body>
</html>`;
}

const pageStyle = `
:root { color-scheme: light dark; --accent: #06c755; --muted: #888; --line: #8884; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Hiragino Sans", "Noto Sans JP", sans-serif; }
header { background: var(--accent); color: #fff; padding: 12px 16px; }
h1 { margin: 0; font-size: 18px; } h1 small, h2 small { display: block; font-weight: normal; opacity: .8; font-size: 13px; }
h2 { font-size: 16px; margin: 0 0 8px; }
main { padding: 12px 16px; max-width: 900px; margin: auto; }
section { margin-bottom: 24px; }
.cards { display: grid; gap: 8px; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); }
.card, .calls li { border: 1px solid var(--line); border-radius: 8px; padding: 8px 10px; }
.muted { color: var(--muted); font-size: 13px; } code { font-size: 12px; word-break: break-all; }
.richmenu img { display: block; width: 100%; max-width: 320px; margin-top: 4px; border-radius: 6px; border: 1px solid var(--line); }
.calls { list-style: none; padding: 0; display: grid; gap: 6px; }
.status-ok { color: var(--accent); } .status-bad { color: #e5484d; }
pre { white-space: pre-wrap; word-break: break-all; font-size: 12px; margin: 4px 0 0; }
form { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; }
label { display: grid; font-size: 13px; } select, input, button { font: inherit; padding: 6px 8px; min-height: 40px; }
button { border-radius: 6px; border: 1px solid var(--line); cursor: pointer; }
textarea { width: 100%; font-size: 12px; }
`;

const pageScript = `
"use strict";
// Resolve API paths against the page itself, so the page works at "/", at "/__dev" and
// behind the dev proxy at "/__fake-line/".
const apiBase = new URL(location.pathname.replace(/__dev\\/?$/, "").replace(/\\/?$/, "/"), location.href);
const api = (path) => new URL(path, apiBase);
let lastCallsSignature = "";

function element(tag, props, ...children) {
  const node = Object.assign(document.createElement(tag), props || {});
  for (const child of children) node.append(child);
  return node;
}

async function getJson(path) {
  const response = await fetch(api(path));
  if (!response.ok) throw new Error(path + " answered " + response.status);
  return response.json();
}

async function renderPersonas() {
  const { personas } = await getJson("__dev/personas");
  const cards = personas.map((persona) => {
    const output = element("textarea", { rows: 3, readOnly: true, hidden: true });
    // openid only is what consent simplification grants: no name or picture in the token.
    const mintButton = (label, scopes) => {
      const button = element("button", { type: "button", textContent: label });
      button.onclick = async () => {
        const response = await fetch(api("__dev/id-token"), {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ persona: persona.key, scopes }),
        });
        const body = await response.json();
        output.hidden = false;
        output.value = body.idToken || JSON.stringify(body);
        output.select();
      };
      return button;
    };
    const mint = element("div", {},
      mintButton("IDトークン発行 (openid) / Mint ID token (openid)", ["openid"]), " ",
      mintButton("openid + profile", ["openid", "profile"]));
    return element("div", { className: "card" },
      element("strong", { textContent: persona.displayName + " (" + persona.key + ")" }),
      element("div", { className: "muted", textContent: persona.description.ja + " / " + persona.description.en }),
      element("div", {}, element("code", { textContent: persona.lineUserId })),
      element("div", { id: "richmenu-" + persona.lineUserId, className: "richmenu" }, "リッチメニュー / Rich menu: …"),
      mint, output);
  });
  document.getElementById("personas").replaceChildren(...cards);
}

// Each persona's menu as LINE would show it: their per-user menu, else the default menu.
async function renderRichMenus() {
  const { personas } = await getJson("__dev/richmenus/view");
  for (const node of document.querySelectorAll("[id^='richmenu-']")) {
    const seen = personas[node.id.slice("richmenu-".length)];
    const signature = JSON.stringify(seen || null);
    if (node.dataset.signature === signature) continue;
    node.dataset.signature = signature;
    if (!seen) {
      node.replaceChildren("リッチメニュー / Rich menu: なし / none");
      continue;
    }
    const source = seen.source === "user" ? "個別 / per-user" : "デフォルト / default";
    const aliases = seen.aliases.length ? " · alias " + seen.aliases.join(", ") : "";
    node.replaceChildren(
      element("div", {}, "リッチメニュー / Rich menu (" + source + "): ", element("code", { textContent: seen.name || seen.richMenuId })),
      element("div", { className: "muted", textContent: (seen.chatBarText || "") + aliases }),
      seen.hasImage ? element("img", { src: api("__dev/richmenus/" + seen.richMenuId + "/image").href, alt: seen.name || "", loading: "lazy" }) : "");
  }
}

function describeFault(armed) {
  if (!armed) return "なし / none";
  const detail = armed.fault.mode === "rate_limit" ? " (Retry-After " + armed.fault.retryAfterSeconds + " s)"
    : armed.fault.mode === "slow" ? " (" + armed.fault.delayMs + " ms)" : "";
  return armed.fault.mode + detail + ", " + (armed.remaining === null ? "until cleared / 解除まで" : "next " + armed.remaining + " / 残り" + armed.remaining + "回");
}

async function renderFaults() {
  const { faults } = await getJson("__dev/faults");
  document.getElementById("faults").textContent =
    "Messaging API: " + describeFault(faults.messaging) + " · JWKS: " + describeFault(faults.jwks);
}

async function renderCalls() {
  const { calls } = await getJson("__dev/calls");
  const newest = calls.slice(-50).reverse();
  const signature = calls.length + ":" + (newest[0] ? newest[0].seq : 0);
  if (signature === lastCallsSignature) return;
  lastCallsSignature = signature;
  const items = newest.map((call) => element("li", {},
    element("div", {},
      element("strong", { className: call.delivered ? "status-ok" : "status-bad", textContent: String(call.status) }),
      " ", element("code", { textContent: call.method + " " + call.path })),
    element("div", { className: "muted", textContent: "#" + call.seq + " · " + new Date(call.at).toLocaleString("ja-JP")
      + (call.retryKey ? " · retry key " + call.retryKey : "") }),
    call.body === null ? "" : element("details", {},
      element("summary", { textContent: "本文 / Body" }),
      element("pre", { textContent: JSON.stringify(call.body, null, 2) }))));
  document.getElementById("calls").replaceChildren(...(items.length ? items : [element("li", { className: "muted", textContent: "まだありません / No calls yet" })]));
}

async function refresh() {
  try {
    await renderPersonas();
    await Promise.all([renderRichMenus(), renderFaults(), renderCalls()]);
  } catch (error) {
    document.getElementById("faults").textContent = "更新に失敗 / Refresh failed: " + error.message;
  }
}

document.getElementById("clear-calls").onclick = async () => {
  await fetch(api("__dev/calls"), { method: "DELETE" });
  renderCalls();
};

document.getElementById("fault-form").onsubmit = async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const times = Number(form.get("times"));
  await fetch(api("__dev/faults"), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ target: form.get("target"), mode: form.get("mode"), ...(times > 0 ? { times } : {}) }),
  });
  renderFaults();
};

refresh();
// Persona cards are built once: rebuilding them on every poll would wipe a minted token.
setInterval(() => Promise.all([renderRichMenus(), renderFaults(), renderCalls()]).catch(() => {}), 3000);
`;
