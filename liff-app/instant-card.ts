// The page's first script (index.html): on /card, a phone with a card key shows the member card
// with a code it signs itself before the app's code is evaluated and before LIFF initialises.
// Kept apart from main.tsx so nothing heavy runs before it.
import "./features/card/card.css";
import { drawInstantCard } from "./features/card/instant-card.ts";

const root = document.getElementById("root");
if (root) void drawInstantCard(root).catch(() => undefined);
