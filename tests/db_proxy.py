"""A TCP proxy in front of the test PostgreSQL, to stage database faults under a real process.

`cut()` drops it entirely (listener closed, every connection reset), `restore()` listens again on
the same port. `silence()` keeps every connection open but forwards nothing either way and accepts
new connections without answering them: the database is "there" but never replies. `speak()`
forwards again, including what was held back.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from typing import Any


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Proxy:
    """A TCP proxy on 127.0.0.1 to `target_host:target_port`."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = free_port()
        self.loop = asyncio.new_event_loop()
        self.server: asyncio.base_events.Server | None = None
        self.writers: set[asyncio.StreamWriter] = set()
        self._flowing: asyncio.Event | None = None
        self.thread = threading.Thread(target=self.loop.run_forever, name="db-proxy", daemon=True)
        self.thread.start()

        async def make_event() -> None:
            self._flowing = asyncio.Event()
            self._flowing.set()

        self._call(make_event())
        self.restore()

    def _call(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(10)

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        assert self._flowing is not None
        try:
            while data := await reader.read(65536):
                await self._flowing.wait()  # silent: hold the bytes, answer nothing
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        assert self._flowing is not None
        self.writers.add(writer)
        await self._flowing.wait()  # a connection opened while silent is accepted and left hanging
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        self.writers.add(upstream_writer)
        await asyncio.gather(self._pipe(reader, upstream_writer), self._pipe(upstream_reader, writer))
        self.writers.difference_update((writer, upstream_writer))

    def restore(self) -> None:
        async def start() -> None:
            self.server = await asyncio.start_server(self._client, "127.0.0.1", self.port, reuse_address=True)

        self._call(start())

    def silence(self) -> None:
        async def hold() -> None:
            assert self._flowing is not None
            self._flowing.clear()

        self._call(hold())

    def speak(self) -> None:
        async def release() -> None:
            assert self._flowing is not None
            self._flowing.set()

        self._call(release())

    def cut(self) -> None:
        async def stop() -> None:
            if self.server is not None:
                self.server.close()
                await self.server.wait_closed()
                self.server = None
            for writer in list(self.writers):
                with contextlib.suppress(Exception):
                    writer.transport.abort()  # a reset, as when the database host goes away
            self.writers.clear()

        self._call(stop())

    def close(self) -> None:
        self.speak()
        self.cut()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
