"""Sources as jobs on Scrapyd nodes: which node runs a source, and Scrapyd's JSON API.

Placement is rendezvous hashing: a source runs on the node whose ``sha256(node + source)`` is
highest. It needs no state and no coordination, every scheduler computes the same answer,
and adding a node moves only the sources that now hash highest on it (about 1/n of them);
removing one moves only its own. Node URLs are compared as given, with one trailing slash.
"""

from __future__ import annotations

import hashlib
import json
from urllib.error import URLError
from urllib.parse import urlencode, urljoin
from urllib.request import urlopen

PROJECT = "newscrawler"  # scrapy.cfg's [deploy] project
TIMEOUT = 60  # schedule.json lists the spiders (a `scrapy list` run) before it answers


class ScrapydError(Exception):
    """A node that cannot be reached or refuses a request: one line for the user."""


def node_url(url: str) -> str:
    return url.rstrip("/") + "/"


def node_for(source: str, nodes: list[str]) -> str:
    """The node that runs ``source``: the highest rendezvous hash of (node, source)."""
    return max((node_url(node) for node in nodes),
               key=lambda node: hashlib.sha256(f"{node}\n{source}".encode()).digest())


def _call(node: str, endpoint: str, query: dict | None = None,
          form: list[tuple[str, str]] | None = None) -> dict:
    url = urljoin(node_url(node), endpoint)
    if query:
        url += "?" + urlencode(query)
    data = urlencode(form).encode() if form is not None else None
    try:
        with urlopen(url, data=data, timeout=TIMEOUT) as response:
            answer = json.loads(response.read())
    except (URLError, OSError, ValueError) as error:
        raise ScrapydError(f"Scrapyd node {node_url(node)}: {getattr(error, 'reason', error)}") \
            from None
    if answer.get("status") != "ok":
        raise ScrapydError(f"Scrapyd node {node_url(node)} {endpoint}: "
                           f"{answer.get('message', answer)}".strip())
    return answer


def schedule(node: str, spider: str, settings: dict[str, str], project: str = PROJECT) -> str:
    """Queue a job of ``spider`` on ``node`` with these Scrapy settings; its job id."""
    form = [("project", project), ("spider", spider),
            *(("setting", f"{name}={value}") for name, value in settings.items())]
    return _call(node, "schedule.json", form=form)["jobid"]


def list_jobs(node: str, project: str = PROJECT) -> dict[str, list[dict]]:
    """``pending``, ``running`` and ``finished`` jobs of the project on ``node``."""
    answer = _call(node, "listjobs.json", query={"project": project})
    return {state: answer.get(state, []) for state in ("pending", "running", "finished")}


def active_jobs(nodes: list[str], source: str, project: str = PROJECT) -> list[tuple[str, str, dict]]:
    """(node, state, job) of every pending or running job of ``source`` on any node."""
    found = []
    for node in nodes:
        jobs = list_jobs(node, project)
        found += [(node_url(node), state, job) for state in ("pending", "running")
                  for job in jobs[state] if job["spider"] == source]
    return found
