// The card bench's floor (test/bench/card-cold-load.ts): the least a LIFF member card can do. It
// loads the LIFF SDK exactly as the app bundles it (liff-app/lib/liff.ts: the pluggable core and
// its modules) and draws a QR code with the app's own QR path (uqr), from a token of the length
// the BFF issues. Nothing else: no framework, no API call, no liff.init() (there is no LINE here).
import { liff } from "../../../liff-app/lib/liff.ts";
import { qrPath } from "../../../liff-app/features/card/qr-path.ts";

// The bench passes a real server-issued token (#token=…), so the QR has the app's version and size.
const token = new URLSearchParams(location.hash.slice(1)).get("token") ?? "MC1.floor";
const qr = qrPath(token);
const svgNs = "http://www.w3.org/2000/svg";
const svg = document.createElementNS(svgNs, "svg");
svg.setAttribute("viewBox", `0 0 ${qr.size} ${qr.size}`);
svg.setAttribute("width", "240");
svg.setAttribute("role", "img");
svg.setAttribute("aria-label", "QR");
svg.setAttribute("data-testid", "member-qr");
// The SDK is loaded and set up (liff.ts's liff.use calls ran); init needs LINE, which is not here.
svg.setAttribute("data-liff", typeof liff.init);
const modules = document.createElementNS(svgNs, "path");
modules.setAttribute("d", qr.path);
svg.append(modules);
document.getElementById("root")?.append(svg);
