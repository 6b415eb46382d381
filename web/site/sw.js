// formcheck without a network (issue 31): on the first visit this service worker keeps a
// copy of every file of the site — the page, formcheck's WebAssembly, onnxruntime-web and
// the models — and afterwards answers from that copy, so the page opens and coaches with
// no network at all. The copy keeps each file's headers as the server sent them, so the
// page stays cross-origin isolated (COOP/COEP) when it is opened from the copy.
// .ci/web writes the list of files and a version (a hash of them) into the two lines below;
// a new build is a new copy, and the old one is removed.
const FILES = [];
const VERSION = "dev";
const CACHE = `formcheck-${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(["./", ...FILES]);
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) if (name.startsWith("formcheck-") && name !== CACHE) await caches.delete(name);
    await self.clients.claim();
  })());
});

// The site's own files from the copy (the address's ?query does not matter: ?exercise=bridge
// opens the same page); anything not in it from the network.
self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET" || new URL(req.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    return (await cache.match(req, { ignoreSearch: true })) ?? fetch(req);
  })());
});
