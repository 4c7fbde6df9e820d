#!/usr/bin/env python3
"""Client side of the scale-out test: sets up an org/project/device/stream through the proxy, then uploads
BATCHES x POINTS points from THREADS threads; retries a batch on 502/503/connection errors (uploads are
idempotent). Touches KILL_FILE after KILL_AFTER batches so the driver can kill an instance mid-run.
Prints a JSON summary on the last line."""
import json, os, sys, threading, time, urllib.error, urllib.request

BASE = sys.argv[1]
EMAIL, PASSWORD = sys.argv[2], sys.argv[3]
BATCHES, POINTS, THREADS = int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
KILL_AFTER, KILL_FILE = int(sys.argv[7]), sys.argv[8]


def call(method, path, body=None, token=None, retry=False):
    data = json.dumps(body).encode() if body is not None else None
    attempts = 0
    while True:
        attempts += 1
        req = urllib.request.Request(BASE + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", "JWT " + token)
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return r.status, json.loads(r.read() or b"null"), attempts
        except urllib.error.HTTPError as e:
            payload = e.read()
            if retry and e.code in (502, 503, 504) and attempts < 20:
                time.sleep(0.2)
                continue
            return e.code, payload.decode(errors="replace"), attempts
        except (urllib.error.URLError, ConnectionError, TimeoutError) as e:
            if retry and attempts < 20:
                time.sleep(0.2)
                continue
            raise


def ok(status, body, what):
    if status not in (200, 201):
        sys.exit(f"{what}: HTTP {status}: {body}")
    return body


token = ok(*call("POST", "/api/v1/auth/login/", {"email": EMAIL, "password": PASSWORD})[:2], "login")["jwt"]
org = ok(*call("POST", "/api/v1/org/", {"name": "Scale Out"}, token)[:2], "org")
project = ok(*call("POST", "/api/v1/project/", {"name": "Scale", "org": org["slug"]}, token)[:2], "project")
device = ok(*call("POST", "/api/v1/device/?staff=1",
                  {"template": "scale-template-v0-0-0", "id": 0x51, "project": project["id"], "label": "scale"}, token)[:2], "device")
variable = ok(*call("POST", "/api/v1/variable/", {"name": "Flow", "lid": 0x5001, "project": project["id"]},
                    token)[:2], "variable")
stream = ok(*call("POST", "/api/v1/stream/", {"variable": variable["slug"], "device": device["slug"]},
                  token)[:2], "stream")
slug = stream["slug"]

lock = threading.Lock()
state = {"next": 0, "done": 0, "retries": 0, "errors": [], "statuses": {}}
T0 = 1767225600  # 2026-01-01T00:00:00Z


def worker():
    while True:
        with lock:
            b = state["next"]
            if b >= BATCHES or state["errors"]:
                return
            state["next"] += 1
        points = []
        for i in range(POINTS):
            n = b * POINTS + i
            points.append({"stream": slug, "int_value": n, "streamer_local_id": n + 1,
                           "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(T0 + n))})
        try:
            status, body, attempts = call("POST", "/api/v1/data/", points, token, retry=True)
        except Exception as e:  # noqa: BLE001 - reported, fails the run
            status, body, attempts = -1, repr(e), 0
        with lock:
            state["statuses"][str(status)] = state["statuses"].get(str(status), 0) + 1
            state["retries"] += max(0, attempts - 1)
            if status != 201:
                state["errors"].append(f"batch {b}: {status} {str(body)[:200]}")
                return
            state["done"] += 1
            if state["done"] == KILL_AFTER:
                open(KILL_FILE, "w").close()


start = time.time()
threads = [threading.Thread(target=worker) for _ in range(THREADS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
elapsed = time.time() - start
# Read back through the proxy: what the API says is stored.
status, page, _ = call("GET", f"/api/v1/stream/{slug}/data/?page_size=1", None, token, retry=True)
count = page.get("count") if isinstance(page, dict) else None
# Every stored point, page by page: how many, how many distinct (time, streamer id), the values' range.
stored, keys, values, number = 0, set(), [], 1
while True:
    status, page, _ = call("GET", f"/api/v1/stream/{slug}/data/?page_size=5000&page={number}", None, token,
                           retry=True)
    if status != 200:
        sys.exit(f"reading back page {number}: HTTP {status}: {page}")
    for p in page["results"]:
        stored += 1
        keys.add((p["timestamp"], p["streamer_local_id"]))
        values.append(p["int_value"])
    if not page.get("next"):
        break
    number += 1
print(json.dumps({"stream": slug, "batches_ok": state["done"], "retries": state["retries"],
                  "statuses": state["statuses"], "errors": state["errors"][:5], "api_count": count,
                  "stored": stored, "distinct": len(keys), "min_value": min(values, default=None),
                  "max_value": max(values, default=None),
                  "points_per_second": round(BATCHES * POINTS / elapsed)}))
sys.exit(1 if state["errors"] else 0)
