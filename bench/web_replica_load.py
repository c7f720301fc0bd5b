#!/usr/bin/env python3
"""Concurrent predictions through a running deepdock, for measuring a web replica's memory under load.

Round robin per caller: a digit photo upload (the PNGs in core/src/test/resources/ml/digits), a Fashion canvas as
JSON pixels, and a toxicity text from a Jigsaw-format CSV (the first 400 rows). Prints successes, errors by status,
requests per second and latency. A benchmark helper, not part of the product (docs/performance.md).

usage: web_replica_load.py BASE_URL USER PASSWORD CALLERS REQUESTS_PER_CALLER [CSV]
"""
import base64, json, sys, threading, time, urllib.request, random, glob
import os
base, user, pw, threads, per = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
csv_path = sys.argv[6] if len(sys.argv) > 6 else "/tmp/deepdock-data/toxicity-train.csv"
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
auth = "Basic " + base64.b64encode(f"{user}:{pw}".encode()).decode()
pngs = [open(p, "rb").read() for p in sorted(glob.glob(os.path.join(root, "core/src/test/resources/ml/digits/*.png")))]
texts = [l.split('"')[1] for l in open(csv_path, encoding="utf-8").readlines()[1:400] if '"' in l and l.split('"')[1].strip()]
ok = 0; bad = {}; lock = threading.Lock(); lat = []
def post(path, body, ctype):
    req = urllib.request.Request(base + path, data=body, method="POST", headers={"Authorization": auth, "Content-Type": ctype})
    t = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            r.read(); code = r.status
    except urllib.error.HTTPError as e:
        code = e.code
    return code, time.perf_counter() - t
def worker(i):
    global ok
    rnd = random.Random(i)
    for n in range(per):
        k = n % 3
        if k == 0:
            b = "----deepdockload"
            body = (f"--{b}\r\nContent-Disposition: form-data; name=\"image\"; filename=\"d.png\"\r\nContent-Type: image/png\r\n\r\n").encode() + rnd.choice(pngs) + f"\r\n--{b}--\r\n".encode()
            code, s = post("/api/v1/predict/digits", body, "multipart/form-data; boundary=" + b)
        elif k == 1:
            px = [rnd.random() if rnd.random() < 0.3 else 0.0 for _ in range(784)]
            code, s = post("/api/v1/predict/fashion", json.dumps({"pixels": px}).encode(), "application/json")
        else:
            code, s = post("/api/v1/predict/toxicity", json.dumps({"text": rnd.choice(texts)}).encode(), "application/json")
        with lock:
            lat.append(s)
            if code == 200: ok += 1
            else: bad[code] = bad.get(code, 0) + 1
t0 = time.time()
ts = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
[t.start() for t in ts]; [t.join() for t in ts]
el = time.time() - t0; lat.sort()
print(f"{ok} ok, errors {bad}, {len(lat)/el:.0f} req/s, median {lat[len(lat)//2]*1000:.1f} ms, p99 {lat[int(len(lat)*0.99)]*1000:.1f} ms, {el:.1f} s")
