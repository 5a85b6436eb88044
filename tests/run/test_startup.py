import inspect
import subprocess
import sys

from crawler.run.startup import _stack_without_source


def test_the_cheap_stack_has_the_frames_of_the_full_one():
    def caller():
        return _stack_without_source(), inspect.stack(0)

    cheap, full = caller()
    assert [info.frame for info in cheap] == [info.frame for info in full]
    assert [(info.function, info.lineno) for info in cheap][:2] == \
        [(info.function, info.lineno) for info in full][:2]
    assert cheap[0].function == "caller"
    assert all(info.code_context is None for info in cheap)


def test_the_handler_is_imported_and_inspect_restored():
    # A fresh interpreter: in this one, other tests imported Scrapy's handler already.
    check = (
        "import inspect, sys\n"
        "full = inspect.stack\n"
        "from crawler.run.startup import HTTP_HANDLER, import_http_handler\n"
        "import_http_handler()\n"
        "assert HTTP_HANDLER in sys.modules\n"
        "assert inspect.stack is full\n"
        "from scrapy.core.downloader.contextfactory import ScrapyClientContextFactory\n"
        "print(ScrapyClientContextFactory.__module__)\n"
    )
    result = subprocess.run([sys.executable, "-W", "ignore", "-c", check],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    # The deprecated alias is still named after the module that declared it.
    assert result.stdout.strip() == "scrapy.core.downloader.contextfactory"


def test_importing_the_cli_leaves_garbage_collection_on():
    # Test modules import crawler.cli; only the command itself holds collection while importing.
    check = "import gc, crawler.cli, crawler.run.runner\nassert gc.isenabled()\n"
    result = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr


def test_setting_up_holds_collection_and_restores_it():
    import gc

    from crawler.run.startup import setting_up

    with setting_up():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_extensions_turned_off_are_not_in_the_base_list():
    from scrapy.utils.project import get_project_settings

    base = get_project_settings().getdict("EXTENSIONS_BASE")
    assert "scrapy.extensions.telnet.TelnetConsole" not in base
    assert "scrapy.extensions.corestats.CoreStats" in base
