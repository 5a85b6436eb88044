"""One reading of a WARC file for several sources (crawler.warc.shared), without a crawl: each
source sees what reading alone would show it, the file is fetched once, and nobody waits for
a source that stopped or never came."""

from __future__ import annotations

import asyncio

from crawler.warc.reader import members, open_location
from crawler.warc.shared import HOLD, CannotOpen, SharedReading
from tests.sites.server import FixtureSite, Route
from tests.sites.warcs import response_member

MAX = 10 * 1024 * 1024


def warc_members(count: int) -> list[bytes]:
    return [response_member(f"https://www.presstv.ir/Detail/2024/05/01/{n}/x",
                            f"<p>page {n}</p>".encode()) for n in range(count)]


def starts_alone(location: str, offset: int) -> list[int]:
    return [m.start for m in members(location, open_location(location, offset), offset, MAX)]


async def take(reading, source, offset, checkpoint, got, pause=0):
    async for member in reading.members(source, offset, MAX, checkpoint):
        got.append(member.start)
        for _ in range(pause):
            await asyncio.sleep(0)


def checkpoint_table(offsets: dict[str, int]):
    """Where each source reads on from, as the store would say."""
    return lambda source, location: offsets[source]


def test_each_source_gets_from_its_checkpoint_what_reading_alone_gives_it_from_one_fetch(
        tmp_path):
    blob = warc_members(2 * HOLD + 10)
    with FixtureSite(tmp_path, {"/a.warc.gz": Route(200, b"".join(blob))}) as site:
        url = site.url + "/a.warc.gz"
        offsets = {"fast": 0, "slow": sum(map(len, blob[:7])), "late": len(blob[0])}
        checkpoints = checkpoint_table(offsets)
        reading = SharedReading(url, offsets)
        got = {name: [] for name in offsets}

        async def run():
            await asyncio.gather(take(reading, "fast", offsets["fast"], checkpoints, got["fast"]),
                                 take(reading, "slow", offsets["slow"], checkpoints, got["slow"],
                                      pause=20))
            # Comes when the others are done: what was held for it, then the rest alone.
            await take(reading, "late", offsets["late"], checkpoints, got["late"])

        asyncio.run(run())
        shared_hits = site.hits["/a.warc.gz"]
        expected = {name: starts_alone(url, offset) for name, offset in offsets.items()}

    assert got == expected
    assert len(got["fast"]) == len(blob)
    assert shared_hits == 2  # once for the two that came in time, once for the late one


def test_a_reading_waits_for_a_source_behind_until_it_leaves(tmp_path):
    blob = warc_members(HOLD + 20)
    path = tmp_path / "a.warc.gz"
    path.write_bytes(b"".join(blob))
    reading = SharedReading(str(path), ["stuck", "going"])
    checkpoints = checkpoint_table({"stuck": 0, "going": 0})
    going = []

    async def run():
        stuck = reading.members("stuck", 0, MAX, checkpoints)
        await anext(stuck)  # joined, then takes no more: a crawl busy elsewhere
        task = asyncio.ensure_future(take(reading, "going", 0, checkpoints, going))
        for _ in range(200):
            await asyncio.sleep(0)
        held_at = len(going)
        reading.leave("stuck")  # its crawl closed
        await asyncio.wait_for(task, 10)
        await stuck.aclose()
        return held_at

    held_at = asyncio.run(run())

    assert held_at == HOLD + 1  # the stuck one's queue full, and not a member further
    assert going == starts_alone(str(path), 0)


def test_a_file_that_cannot_be_opened_says_so_to_every_source(tmp_path):
    reading = SharedReading(str(tmp_path / "gone.warc.gz"), ["a", "b"])
    checkpoints = checkpoint_table({"a": 0, "b": 0})
    errors = []

    async def one(source):
        try:
            await take(reading, source, 0, checkpoints, [])
        except CannotOpen as error:
            errors.append((source, "No such file" in str(error)))

    async def run():
        await asyncio.gather(one("a"), one("b"))

    asyncio.run(run())

    assert sorted(errors) == [("a", True), ("b", True)]
