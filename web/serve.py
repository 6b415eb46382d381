#!/usr/bin/env python3
"""Serves the browser build (target/web/) on this machine only, with the headers it needs.

    python3 web/serve.py [PORT] [DIR] [--plain]    # default 8700, target/web

Then open http://localhost:PORT/ in a browser. localhost counts as a secure page, so the
camera works; the two headers below make the page cross-origin isolated, which lets
onnxruntime-web use two threads. Any static host can serve the same files with the same
headers (docs/WEB.md). Nothing here receives anything: the page only fetches its own files.
--plain leaves the two isolation headers out (one thread; to measure what threads give).
"""
import functools
import http.server
import os
import sys

HEADERS = {
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Embedder-Policy": "require-corp",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".onnx": "application/octet-stream",
    }

    plain = False

    def end_headers(self):
        for k, v in HEADERS.items():
            if self.plain and k.startswith("Cross-Origin-"):
                continue
            self.send_header(k, v)
        super().end_headers()

    def log_message(self, *args):
        if os.environ.get("FORMCHECK_SERVE_LOG"):
            super().log_message(*args)


def main():
    args = [a for a in sys.argv[1:] if a != "--plain"]
    Handler.plain = "--plain" in sys.argv[1:]
    port = int(args[0]) if args else 8700
    root = args[1] if len(args) > 1 else os.path.join(os.path.dirname(__file__), "..", "target", "web")
    if not os.path.isfile(os.path.join(root, "index.html")):
        sys.exit(f"no site in {root}: build it first with `bash .ci/web`")
    handler = functools.partial(Handler, directory=root)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    print(f"formcheck: open http://localhost:{port}/ (Ctrl+C stops)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
