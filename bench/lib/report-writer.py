#!/usr/bin/env python3
"""Writes status reports to samspel at a fixed rate, open loop.

    report-writer.py HOST PORT TOKEN MEASURES_FILE RATE SECONDS

POSTs /measure/ID/report with a bearer token on four keep-alive
connections, cycling over the measure ids in MEASURES_FILE: report i is due
at start + i/RATE and its latency counts from then, so a stalled server
shows. Prints one line: sent ok failed rate p50_ms p99_ms max_ms codes.
(The same writer as in bench/write-load.)"""
import http.client, sys, threading, time, urllib.parse

host, port, token, mfile = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
rate, seconds = float(sys.argv[5]), float(sys.argv[6])
if host not in ("127.0.0.1", "::1", "localhost"):
    sys.exit("report-writer: loopback only")
measures = [int(l) for l in open(mfile) if l.strip()]
total = int(rate * seconds)
lock = threading.Lock()
nxt = [0]
lat, status = [], {}
start = time.monotonic() + 0.2
today = time.strftime("%Y-%m-%d", time.gmtime())
states = ["on_track", "on_track", "at_risk", "delayed", "on_track", "done"]


def worker():
    conn = http.client.HTTPConnection(host, port, timeout=30)
    while True:
        with lock:
            i = nxt[0]
            nxt[0] += 1
        if i >= total:
            break
        due = start + i / rate
        d = due - time.monotonic()
        if d > 0:
            time.sleep(d)
        body = urllib.parse.urlencode({
            "reported_on": today, "state": states[i % len(states)],
            "progress": str(i % 101), "text": "Skrivelast, rapport %d" % i})
        m = measures[i % len(measures)]
        try:
            conn.request("POST", "/measure/%d/report" % m, body, {
                "Authorization": "Bearer " + token,
                "Content-Type": "application/x-www-form-urlencoded"})
            r = conn.getresponse()
            r.read()
            code = r.status
        except Exception:
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=30)
            code = "error"
        done = time.monotonic()
        with lock:
            lat.append(done - due)
            status[code] = status.get(code, 0) + 1
    conn.close()


ts = [threading.Thread(target=worker, daemon=True) for _ in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join(seconds + 60)
end = time.monotonic()
lat.sort()


def pct(p):
    return lat[min(len(lat) - 1, int(p * len(lat)))] * 1000 if lat else 0


ok = status.get(200, 0)
print("%d %d %d %.1f %.1f %.1f %.1f %s" % (
    len(lat), ok, len(lat) - ok, len(lat) / (end - start), pct(0.5), pct(0.99),
    lat[-1] * 1000 if lat else 0,
    ",".join("%s:%d" % (k, v) for k, v in sorted(status.items(), key=str)) or "-"))
