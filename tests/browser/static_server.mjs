// A small static file server for the built page (node built-ins only): `make serve` runs it, and
// the browser tests start one per test file on a free port.
//   node tests/browser/static_server.mjs DIR [--port N] [--host H]
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const contentTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

// Serves `root` on 127.0.0.1. `missing` names files to answer with 404, to test failure paths.
export async function serveDirectory(root, { missing = [], port = 0, host = '127.0.0.1' } = {}) {
  const server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname));
    const file = path === '/' ? 'index.html' : path.slice(1);
    if (missing.includes(file)) {
      response.writeHead(404).end('not found');
      return;
    }
    try {
      const body = await readFile(join(root, file));
      response.writeHead(200, {
        'Content-Type': contentTypes[extname(file)] || 'application/octet-stream',
        'Content-Length': body.length,
      });
      response.end(body);
    } catch {
      response.writeHead(404).end('not found');
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, ok);
  });
  return { url: `http://${host}:${server.address().port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const index = args.indexOf(name);
    return index >= 0 ? args[index + 1] : fallback;
  };
  const root = args[0];
  const port = Number(option('--port', '8080'));
  const host = option('--host', '127.0.0.1');
  try {
    const { url } = await serveDirectory(root, { port, host });
    console.log(`Podlab is served at ${url}  (Ctrl+C to stop)`);
  } catch (error) {
    console.error(`Cannot serve on ${host}:${port}: ${error.message}. Choose another port: make serve PORT=8081`);
    process.exit(1);
  }
}
