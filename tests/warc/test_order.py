"""The order copies of one URL go to the crawl in (crawler.warc.order), without a crawl."""

from crawler.warc.order import CopyOrder


def test_copies_of_a_url_leave_the_window_oldest_first_and_one_at_a_time():
    order = CopyOrder(window=3)
    handed = []
    for key, date in [("a", "2024-03"), ("b", "2024-01"), ("a", "2024-01"), ("a", "2024-02"),
                      ("c", "2024-01")]:
        handed += order.add(key, date, f"{key}@{date}")

    # The window's first slot was a's: its oldest copy went, the others of a wait for it.
    assert handed == ["a@2024-01", "b@2024-01"]
    assert order.drain() == ["c@2024-01"]
    assert order.finished("b") is None
    assert order.finished("a") == "a@2024-02"
    assert order.finished("a") == "a@2024-03"
    assert order.finished("a") is None
    assert order.waiting() == 0


def test_without_a_window_copies_are_handed_over_in_read_order_when_their_url_is_free():
    order = CopyOrder(window=0)
    assert order.add("a", "2024-02", "a2") == ["a2"]
    assert order.add("a", "2024-03", "a3") == []
    assert order.add("a", "2024-01", "a1") == []  # read late: still before a3
    assert order.add("b", "", "b") == ["b"]
    assert order.finished("a") == "a1"
    assert order.unstick() == ["a3"]  # nothing in the crawl: what waits goes on
    assert order.finished("a") is None
    assert order.waiting() == 0


def test_an_undated_copy_counts_as_the_newest():
    order = CopyOrder(window=2)
    order.add("a", "", "undated")
    order.add("a", "2030-01-01T00:00:00Z", "dated")
    assert order.drain() == ["dated"]
    assert order.finished("a") == "undated"
