#!/usr/bin/env python3
"""A TCP proxy to PostgreSQL's unix socket that adds latency and counts round
trips, for bench/pg_roundtrips_bench.sh (not a test; `tc netem` on loopback
would slow every other process on the machine too).

Each chunk read from either side is written to the other DELAY_MS later, in
order, so a request and its answer each take DELAY_MS more (a round trip
2 x DELAY_MS more), as `tc qdisc add dev lo root netem delay DELAY_MS` does.
Round trips are counted as the server's ReadyForQuery messages ('Z'): one
ends every simple query and every extended-protocol Sync, so each is one wait
of the client for the server. The totals are written to STATS (JSON) each time
a connection closes. Clients must connect with sslmode=disable (the server's
answer to an SSL request is not a framed message).

usage: pg_delay_proxy.py PORT SOCKET DELAY_MS STATS
"""
import asyncio
import json
import os
import sys
import time

port, socket_path, delay, stats_path = (int(sys.argv[1]), sys.argv[2],
                                        float(sys.argv[3]) / 1000, sys.argv[4])
totals = {"connections": 0, "round_trips": 0, "bytes_to_server": 0, "bytes_to_client": 0}


def write_stats():
    with open(stats_path + ".tmp", "w") as f:
        json.dump(totals, f)
    os.replace(stats_path + ".tmp", stats_path)


class ServerMessages:
    """Counts ReadyForQuery in the server's stream of framed messages."""

    def __init__(self):
        self.buf = b""

    def feed(self, data):
        self.buf += data
        count, pos = 0, 0
        while len(self.buf) - pos >= 5:
            length = int.from_bytes(self.buf[pos + 1:pos + 5], "big")
            if len(self.buf) - pos < 1 + length:
                break
            if self.buf[pos:pos + 1] == b"Z":
                count += 1
            pos += 1 + length
        self.buf = self.buf[pos:]
        return count


async def pump(reader, writer, key, messages=None):
    # Chunks go out in arrival order, each no sooner than DELAY_MS after it came in.
    queue = asyncio.Queue()

    async def send():
        while True:
            due, data = await queue.get()
            if data is None:
                break
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            writer.write(data)
            await writer.drain()
        writer.close()

    sender = asyncio.create_task(send())
    try:
        while data := await reader.read(65536):
            totals[key] += len(data)
            if messages:
                totals["round_trips"] += messages.feed(data)
            queue.put_nowait((time.monotonic() + delay, data))
    finally:
        queue.put_nowait((0, None))
        await sender


async def serve(client_reader, client_writer):
    totals["connections"] += 1
    server_reader, server_writer = await asyncio.open_unix_connection(socket_path)
    try:
        await asyncio.gather(
            pump(client_reader, server_writer, "bytes_to_server"),
            pump(server_reader, client_writer, "bytes_to_client", ServerMessages()),
            return_exceptions=True)
    finally:
        write_stats()


async def main():
    write_stats()
    server = await asyncio.start_server(serve, "127.0.0.1", port)
    async with server:
        await server.serve_forever()


asyncio.run(main())
