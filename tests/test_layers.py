"""No import runs back up the layers: the command at the top, the store and extraction at the
bottom (docs/architecture.md, "Layout")."""

import ast
from pathlib import Path

from tests.helpers import REPO

# Each layer may import those below it, never those above: (layer, the modules in it).
LAYERS = [
    ("command", ("crawler.__main__", "crawler.cli", "crawler.commands", "crawler.catalog")),
    ("run", ("crawler.run", "crawler.parsing", "crawler.sources")),
    # The Scrapy components a crawl is made of, and those of a distributed crawl and of WARCs.
    ("components", ("spiders", "pipelines", "crawler.fetch", "crawler.distributed",
                    "crawler.warc")),
    ("core", ("crawler.config", "crawler.dedupe", "crawler.similarity", "crawler.store",
              "crawler.paths", "crawler.extract", "crawler.items", "crawler.urls",
              "crawler.failures", "crawler.timelimit")),
]


def layer_of(module: str) -> int | None:
    for index, (_, prefixes) in enumerate(LAYERS):
        if any(module == prefix or module.startswith(prefix + ".") for prefix in prefixes):
            return index
    return None


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def code_modules() -> list[Path]:
    return sorted([*REPO.glob("crawler/**/*.py"), *REPO.glob("spiders/*.py"),
                   *REPO.glob("pipelines/*.py")])


def test_no_module_imports_a_layer_above_its_own():
    upward = []
    for path in code_modules():
        module = module_name(path)
        own = layer_of(module)
        if own is None:
            continue
        for imported in imports(path):
            theirs = layer_of(imported)
            if theirs is not None and theirs < own:
                upward.append(f"{module} imports {imported}")
    assert not upward, upward


# Within a layer: what a package must not import (its own layer's others).
NOT_WITHIN = {
    "spiders": ("pipelines", "crawler.distributed", "crawler.warc"),
    "crawler.fetch": ("pipelines", "spiders", "crawler.distributed", "crawler.warc"),
    # Extraction reads pages into an Article's fields; it knows no store, source file or run.
    "crawler.extract": ("crawler.config", "crawler.dedupe", "crawler.similarity", "crawler.store",
                        "crawler.paths", "crawler.failures", "crawler.timelimit"),
}


def test_spiders_fetch_and_extract_keep_to_themselves():
    found = []
    for path in code_modules():
        module = module_name(path)
        for package, banned in NOT_WITHIN.items():
            if module == package or module.startswith(package + "."):
                found += [f"{module} imports {imported}" for imported in imports(path)
                          if any(imported == b or imported.startswith(b + ".") for b in banned)]
    assert not found, found


def test_every_module_has_a_layer():
    # crawler/settings.py names components by string: the wiring, read by Scrapy.
    unplaced = [module_name(path) for path in code_modules()
                if layer_of(module_name(path)) is None and path.name != "__init__.py"
                and module_name(path) != "crawler.settings"]
    assert not unplaced, unplaced
