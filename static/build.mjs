// Builds the browser code and the stylesheet into static/dist/ with content-hashed names
// (so they can be cached for a year), a manifest.json mapping each entry to its file, and
// gzip and brotli copies the server sends to browsers that accept them.
import { build } from "esbuild";
import { readdirSync, rmSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const dist = "static/dist";
const entries = ["participant.js", "console.js", "projector.js", "join.js", "editor.js"]
  .map((name) => `static/src/${name}`)
  .concat(["static/css/app.css"]);

// last build's files go first: the manifest must never name a file from an older build
rmSync(dist, { recursive: true, force: true });

const result = await build({
  entryPoints: entries,
  bundle: true,
  minify: true,
  sourcemap: true,
  target: "es2019",
  format: "iife",
  outdir: dist,
  entryNames: "[name]-[hash]",
  metafile: true,
  logLevel: "warning",
});

const manifest = {};
for (const [output, meta] of Object.entries(result.metafile.outputs)) {
  if (meta.entryPoint) manifest[basename(meta.entryPoint)] = relative(dist, output);
}
writeFileSync(join(dist, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");

for (const name of readdirSync(dist)) {
  if (!/\.(js|css)$/.test(name)) continue; // source maps are fetched only by developer tools
  const data = readFileSync(join(dist, name));
  writeFileSync(join(dist, `${name}.gz`), gzipSync(data, { level: 9 }));
  writeFileSync(join(dist, `${name}.br`), brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  }));
}
