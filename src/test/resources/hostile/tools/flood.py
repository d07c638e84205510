#!/usr/bin/env python3
"""Floods a running octane-routes on 127.0.0.1 and prints what it cost the server (the figures
of README "Reliability"). Standard library only; Linux (reads /proc/<pid>).

  flood.py bodies   PID PORT API_KEY N MIB   N parallel unauthenticated POSTs announcing MIB MiB each
  flood.py halfopen PID PORT API_KEY N SECS  N connections that never finish their request line,
                                             kept up to SECS seconds

While the flood runs it samples the server's resident memory and open file descriptors, and
times /observe/health and one valid authenticated request.
"""
import asyncio
import json
import os
import sys
import time
import urllib.request

VALID = {"requestId": None, "flow": "mobile.activate.new-msn.esim",
         "params": {"custNo": 554433, "planNo": 23371, "isQRcode": False}}


def rss_mib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) // 1024
    return -1


def fds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def timed(request):
    t0 = time.time()
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, round((time.time() - t0) * 1000)
    except urllib.error.HTTPError as e:
        return e.code, round((time.time() - t0) * 1000)
    except Exception as e:
        return type(e).__name__, round((time.time() - t0) * 1000)


def health(port):
    return timed(f"http://127.0.0.1:{port}/observe/health")


def valid(port, key, rid):
    body = dict(VALID, requestId=rid)
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/requests", data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json", "X-API-Key": key}, method="POST")
    return timed(req)


async def one_body(port, mib, results):
    try:
        r, w = await asyncio.open_connection("127.0.0.1", port)
        w.write(f"POST /api/requests HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                f"Content-Length: {mib * 1048576}\r\n\r\n".encode())
        sent = 0
        chunk = b"a" * 65536
        try:
            for _ in range(mib * 16):
                w.write(chunk)
                await w.drain()
                sent += len(chunk)
        except Exception:
            pass  # the server closed the connection: it does not want the rest
        try:
            line = (await asyncio.wait_for(r.readline(), 30)).decode().strip() or "closed"
        except Exception as e:
            line = "closed (" + type(e).__name__ + ")"
        results.append((line.split(" ")[1] if line.startswith("HTTP/") else line, sent))
        w.close()
    except Exception as e:
        results.append((type(e).__name__, 0))


async def one_halfopen(port, secs, closed):
    try:
        r, w = await asyncio.open_connection("127.0.0.1", port)
        w.write(b"GET /observe/hea")  # the request line is never finished
        await w.drain()
        t0 = time.time()
        await asyncio.wait_for(r.read(100), secs)
        closed.append(time.time() - t0)
    except asyncio.TimeoutError:
        pass
    except Exception:
        closed.append(0.0)


async def main():
    mode, pid, port, key, n, x = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5]), int(sys.argv[6])
    print(f"before: rss {rss_mib(pid)} MiB, fds {fds(pid)}, health {health(port)}")
    peak = {"rss": 0, "fds": 0}

    async def sample():
        while True:
            peak["rss"] = max(peak["rss"], rss_mib(pid))
            peak["fds"] = max(peak["fds"], fds(pid))
            await asyncio.sleep(0.05)

    sampler = asyncio.create_task(sample())
    t0 = time.time()
    if mode == "bodies":
        results = []
        task = asyncio.gather(*[one_body(port, x, results) for _ in range(n)])
        await asyncio.sleep(0.2)
        during = await asyncio.to_thread(valid, port, key, f"flood-{int(t0)}")
        await task
        answers = {}
        for status, _ in results:
            answers[status] = answers.get(status, 0) + 1
        print(f"{n} unauthenticated POSTs announcing {x} MiB each: answers {answers}, "
              f"{sum(s for _, s in results) // 1048576} MiB accepted by the socket in total, {time.time() - t0:.1f} s")
        print(f"valid request during the flood: {during}")
    else:
        closed = []
        task = asyncio.gather(*[one_halfopen(port, x, closed) for _ in range(n)])
        await asyncio.sleep(3)
        print(f"during: fds {fds(pid)}, health {health(port)}, valid request {await asyncio.to_thread(valid, port, key, f'half-{int(t0)}')}")
        await task
        print(f"{n} half-open connections: {len(closed)} closed by the server, the last after {max(closed or [0]):.1f} s")
    sampler.cancel()
    print(f"peak: rss {peak['rss']} MiB, fds {peak['fds']}")
    print(f"after: rss {rss_mib(pid)} MiB, fds {fds(pid)}, health {health(port)}")


asyncio.run(main())
