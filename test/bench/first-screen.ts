// The JavaScript the first screen loads, gzip, by package: what index.html loads before the app
// can draw (its module scripts and their static imports, which it preloads, and the app itself,
// main.tsx, which the first script loads with import()). Every other screen is a chunk loaded on
// the way there. Budget: 115 KB gzip (shared/architecture.md).
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type Plugin } from "vite";

const projectRoot = fileURLToPath(new URL("../..", import.meta.url));

interface ChunkFacts {
  facadeModuleId: string | null;
  imports: string[];
  modules: Record<string, number>;
}

/** Records each client chunk's static imports and its modules' rendered sizes. */
function chunkCollector(chunks: Map<string, ChunkFacts>): Plugin {
  return {
    name: "first-screen-chunks",
    generateBundle(_options, bundle) {
      if (this.environment.name !== "client") return;
      for (const output of Object.values(bundle)) {
        if (output.type !== "chunk") continue;
        const modules = Object.fromEntries(Object.entries(output.modules).map(([id, module]) => [id, module.renderedLength]));
        chunks.set(output.fileName, { facadeModuleId: output.facadeModuleId, imports: output.imports, modules });
      }
    },
  };
}

/** node_modules/@scope/name/… -> "@scope/name"; the project's own files -> "(app)". */
function packageOf(moduleId: string): string {
  const path = moduleId.replace(/^\0/, "").split("?")[0] ?? moduleId;
  const at = path.lastIndexOf("node_modules/");
  if (at === -1) return "(app)";
  const parts = path.slice(at + "node_modules/".length).split("/");
  const name = parts[0]?.startsWith("@") ? `${parts[0]}/${parts[1]}` : (parts[0] ?? "?");
  // LIFF is many small packages; each counts on its own, as the issue lists them.
  return name;
}

export async function benchFirstScreen(): Promise<{ totalKb: number; byPackage: Array<{ package: string; kb: number }> }> {
  const outDir = mkdtempSync(join(tmpdir(), "first-screen-"));
  const chunks = new Map<string, ChunkFacts>();
  delete process.env.VITE_LIFF_MOCK;
  process.env.VITE_LIFF_ID = "2000000000-abcdefgh";
  await build({
    configFile: join(projectRoot, "vite.config.ts"),
    logLevel: "error",
    build: { outDir, emptyOutDir: true },
    plugins: [chunkCollector(chunks)],
  });
  const clientDir = join(outDir, "client");
  const html = readFileSync(join(clientDir, "index.html"), "utf8");
  const loaded = new Set<string>();
  const visit = (fileName: string) => {
    if (loaded.has(fileName) || !chunks.has(fileName)) return;
    loaded.add(fileName);
    for (const imported of chunks.get(fileName)?.imports ?? []) visit(imported);
  };
  for (const match of html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/?([^"]+\.js)"/g)) {
    if (match[1]) visit(match[1]);
  }
  for (const [fileName, chunk] of chunks) if (chunk.facadeModuleId?.endsWith("/liff-app/main.tsx")) visit(fileName);
  const byPackage = new Map<string, number>();
  let total = 0;
  for (const fileName of loaded) {
    const gzipBytes = gzipSync(readFileSync(join(clientDir, fileName))).length;
    total += gzipBytes;
    const modules = chunks.get(fileName)?.modules ?? {};
    const rendered = Object.values(modules).reduce((sum, length) => sum + length, 0) || 1;
    // A chunk's gzip bytes shared among its modules by their rendered size.
    for (const [id, length] of Object.entries(modules)) {
      const name = packageOf(id);
      byPackage.set(name, (byPackage.get(name) ?? 0) + (gzipBytes * length) / rendered);
    }
  }
  const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
  return {
    totalKb: kb(total),
    byPackage: [...byPackage.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([name, bytes]) => ({ package: name, kb: kb(bytes) }))
      .filter((row) => row.kb >= 0.1),
  };
}
