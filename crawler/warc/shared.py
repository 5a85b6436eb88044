"""One reading of a WARC file for the backfills of several sources in one run.

``crawler backfill --all --cc-news …`` names every source, and a CC-NEWS file is a gigabyte:
read by each source's crawl on its own, each file would be downloaded and inflated once per
source. A ``SharedReading`` reads a file once and hands every member it reads to each source's
crawl, which picks its own records out of it (``crawler.warc.reader.member_entries``): each
sees what reading the file alone would have shown it. The reading starts at the lowest of the
sources' checkpoints; each source takes the members from its own on.

No crawl waits for one that has stopped or never started. A source joins when its crawl starts
reading the file and leaves when it is done or its crawl closes; the members read before it
joins are held for it, up to ``HOLD``, and should it come later than that it takes what was
held and reads the rest of the file alone. A source that has joined and is ``HOLD`` members
behind holds the reading back until it catches up or leaves: its crawl is running, so it will.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from http.client import HTTPException

from crawler.warc.reader import Member, is_url, members, open_location, read_in_thread

HOLD = 32  # members held for a source behind the others: their bytes stay in memory
READ_ERRORS = (OSError, HTTPException)  # a file or connection that broke while read


class CannotOpen(Exception):
    """The file could not be opened (gone since it was listed, refused): none of it was read."""


class ReadBroken(Exception):
    """The reading broke off (a connection dropped, a disk error): what came before stands."""


class WarcFiles:
    """The WARC files of one backfill, each read once for all of its ``sources``."""

    def __init__(self, locations: Iterable[str], sources: Iterable[str]):
        self.locations = tuple(locations)
        names = list(sources)
        self._readings = {location: SharedReading(location, names)
                          for location in self.locations}

    def reading(self, location: str) -> "SharedReading":
        return self._readings[location]

    def leave(self, source: str) -> None:
        """``source``'s crawl closed: no reading waits for it any more."""
        for reading in self._readings.values():
            reading.leave(source)


class _Seat:
    """A source's place in a reading."""

    def __init__(self):
        self.queue: deque[Member] = deque()  # read, not yet taken
        self.joined = False
        self.left = False
        self.missed: int | None = None  # came too late: where it reads on alone


class SharedReading:
    """One file, read once for the ``sources`` of a backfill (see the module docstring)."""

    def __init__(self, location: str, sources: Iterable[str], hold: int = HOLD):
        self.location = location
        self.hold = hold
        self._seats = {source: _Seat() for source in sources}
        self._start: int | None = None  # where the shared reading begins
        self._max_size: int | None = None
        self._members: Iterator[Member] | AsyncIterator[Member] | None = None
        self._read: asyncio.Future | None = None  # the member being read, for everyone
        self._room = asyncio.Event()  # a seat that held the reading back took a member
        self._ended = False
        self._error: Exception | None = None

    async def members(self, source: str, offset: int, max_size: int,
                      checkpoint: Callable[[str, str], int]) -> AsyncIterator[Member]:
        """``source``'s members of the file, from ``offset`` on; ``checkpoint(source,
        location)`` says where each source of the backfill reads on from. Raises CannotOpen,
        or ReadBroken after the members read before the break."""
        seat = self._seats.get(source)
        if seat is None or seat.joined or seat.left:  # not of this backfill: on its own
            async for member in self._alone(offset, max_size):
                yield member
            return
        if self._start is None:
            self._start = min(checkpoint(name, self.location) for name in self._seats)
            self._max_size = max_size
        seat.joined = True
        try:
            if offset < self._start or max_size != self._max_size:  # read on its own terms
                seat.missed = offset
                seat.queue.clear()
            while True:
                if seat.queue:
                    member = seat.queue.popleft()
                    self._room.set()
                    if member.start >= offset:
                        yield member
                elif seat.missed is not None:
                    async for member in self._alone(max(offset, seat.missed), max_size):
                        yield member
                    return
                elif self._error is not None:
                    raise type(self._error)(*self._error.args)
                elif self._ended:
                    return
                else:
                    await self._advance()
        finally:
            self.leave(source)

    def leave(self, source: str) -> None:
        seat = self._seats.get(source)
        if seat is None or seat.left:
            return
        seat.left = True
        seat.queue.clear()
        self._room.set()
        if not self._reading_for():
            self._close()

    async def _advance(self) -> None:
        """One more member read for every seat; those waiting for it wait together. The
        reading is its own task: a crawl that closes while waiting does not break it off."""
        if self._read is None or self._read.done():
            self._read = asyncio.ensure_future(self._read_one())
        await asyncio.shield(self._read)

    async def _read_one(self) -> None:
        while any(seat.joined and len(seat.queue) >= self.hold for seat in self._reading_for()):
            self._room.clear()
            await self._room.wait()
        seats = self._reading_for()
        if not seats:
            return
        try:
            if self._members is None:
                self._members = await self._open(self._start, self._max_size)
            if isinstance(self._members, AsyncIterator):
                member = await anext(self._members, None)
            else:
                member = next(self._members, None)
        except (CannotOpen, ReadBroken) as error:
            self._error = error
            return
        except READ_ERRORS as error:
            self._error = ReadBroken(str(error))
            return
        if member is None:
            self._ended = True
            return
        for seat in seats:
            if not seat.joined and len(seat.queue) >= self.hold:
                seat.missed = member.start  # too late: it reads on alone from here
            else:
                seat.queue.append(member)

    def _reading_for(self) -> list[_Seat]:
        return [seat for seat in self._seats.values() if not seat.left and seat.missed is None]

    def _close(self) -> None:
        """Nobody reads on: the file is closed (a URL's reading thread stops with it)."""
        if self._read is not None and not self._read.done():
            self._read.cancel()
        if isinstance(self._members, Iterator):
            self._members.close()
        self._members = None

    async def _open(self, offset: int, max_size: int):
        """The members from ``offset``: a URL's read in a thread of their own."""
        remote = is_url(self.location)
        try:
            stream = (await asyncio.to_thread(open_location, self.location, offset) if remote
                      else open_location(self.location, offset))
        except (OSError, ValueError, HTTPException) as error:
            raise CannotOpen(str(error)) from None
        found = members(self.location, stream, offset, max_size)
        return read_in_thread(found) if remote else found

    async def _alone(self, offset: int, max_size: int) -> AsyncIterator[Member]:
        found = await self._open(offset, max_size)
        try:
            if isinstance(found, AsyncIterator):
                async for member in found:
                    yield member
            else:
                for member in found:
                    yield member
        except READ_ERRORS as error:
            raise ReadBroken(str(error)) from None
        finally:
            if isinstance(found, Iterator):
                found.close()
            else:
                await found.aclose()
