"""A Nominatim look-alike on 127.0.0.1, so the geocoder is tested through real HTTP and
the real geopy client, without the internet.

It answers ``/search`` (a JSON list of places whose name contains the ``q`` asked for) and
``/reverse`` (the nearest place, or ``{"error": …}``), as Nominatim does, and records
every request so a test can tell whether the cache answered instead.
"""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class FakeNominatim:
    def __init__(self, places):
        # places: [(display_name, lat, lng)]
        self.places = places
        self.requests = []
        self.delay = 0.0
        self.status = 200
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the http.server API)
                fake.requests.append(self.path)
                if fake.delay:
                    time.sleep(fake.delay)
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                status = fake.status
                if status != 200:
                    body = b"server trouble"
                elif parts.path.endswith("/search"):
                    body = json.dumps(fake.search(query)).encode()
                elif parts.path.endswith("/reverse"):
                    body = json.dumps(fake.reverse(query)).encode()
                else:
                    status, body = 404, b"{}"
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        host, port = self.server.server_address
        return f"http://{host}:{port}"

    def _json(self, number, name, lat, lng):
        return {
            "place_id": number,
            "lat": str(lat),
            "lon": str(lng),
            "display_name": name,
            "boundingbox": [str(lat), str(lat), str(lng), str(lng)],
        }

    def search(self, query):
        wanted = query.get("q", "").casefold()
        return [
            self._json(i, name, lat, lng)
            for i, (name, lat, lng) in enumerate(self.places)
            if wanted in name.casefold()
        ]

    def reverse(self, query):
        lat, lng = float(query["lat"]), float(query["lon"])
        if not self.places:
            return {"error": "Unable to geocode"}
        i, (name, plat, plng) = min(
            enumerate(self.places), key=lambda p: (p[1][1] - lat) ** 2 + (p[1][2] - lng) ** 2
        )
        return self._json(i, name, plat, plng)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
