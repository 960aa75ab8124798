#!/usr/bin/env python3
"""A bounded TCP relay that can add one-way delay, used by bench/latency-compare.sh in place of tc netem (this
kernel has no sch_netem). Each forwarded chunk leaves DELAY seconds after it arrived, in both directions, as on a
link with a 2*DELAY round trip (chunks are pipelined: a delay line, not a per-chunk pause). A new connection also
pays one round trip before its first byte goes upstream, like a TCP handshake over that link.

  delay_relay.py --delay 0.025 --lifetime 900 LISTEN_HOST:PORT=TARGET_HOST:PORT [...]

Bounded: at most --max-conns connections at a time, and the process exits after --lifetime seconds.
"""
import argparse
import asyncio
import time

MAX_CHUNK = 65536


async def pump(reader, writer, delay):
    """Copies reader to writer, each chunk written `delay` seconds after it was read (order kept)."""
    queue = asyncio.Queue()

    async def read():
        try:
            while True:
                data = await reader.read(MAX_CHUNK)
                await queue.put((time.monotonic() + delay, data))
                if not data:
                    return
        except (ConnectionError, OSError):
            await queue.put((time.monotonic() + delay, b""))

    async def write():
        try:
            while True:
                due, data = await queue.get()
                wait = due - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                if not data:
                    if writer.can_write_eof():
                        writer.write_eof()
                    return
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass

    r = asyncio.ensure_future(read())
    try:
        await write()
    finally:
        r.cancel()


def handler(target_host, target_port, delay, slots):
    async def handle(client_reader, client_writer):
        if slots.locked():
            client_writer.close()
            return
        async with slots:
            try:
                if delay > 0:
                    await asyncio.sleep(2 * delay)  # the handshake's round trip
                up_reader, up_writer = await asyncio.wait_for(
                    asyncio.open_connection(target_host, target_port), timeout=10)
            except (OSError, asyncio.TimeoutError):
                client_writer.close()
                return
            try:
                await asyncio.gather(pump(client_reader, up_writer, delay), pump(up_reader, client_writer, delay))
            finally:
                for w in (up_writer, client_writer):
                    try:
                        w.close()
                    except OSError:
                        pass
    return handle


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("--delay", type=float, default=0.025, help="one-way delay in seconds")
    p.add_argument("--lifetime", type=float, default=900, help="exit after this many seconds")
    p.add_argument("--max-conns", type=int, default=512)
    p.add_argument("routes", nargs="+", help="LISTEN_HOST:PORT=TARGET_HOST:PORT")
    a = p.parse_args()
    slots = asyncio.Semaphore(a.max_conns)
    servers = []
    for route in a.routes:
        listen, target = route.split("=")
        lh, lp = listen.rsplit(":", 1)
        th, tp = target.rsplit(":", 1)
        servers.append(await asyncio.start_server(handler(th, int(tp), a.delay, slots), lh, int(lp),
                                                  reuse_address=True, backlog=256))
    print("ready", flush=True)
    await asyncio.sleep(a.lifetime)
    for s in servers:
        s.close()


if __name__ == "__main__":
    asyncio.run(main())
