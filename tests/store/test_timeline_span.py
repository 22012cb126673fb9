"""User test s26: a timeline over 2013 and 2018 articles kept only the last 366 days (the 772
Egyptian articles of 2013 vanished from the section chart and the API with no note)."""

from __future__ import annotations

from mawsua.store.desk import fill_days


def test_fill_days_never_cuts_a_long_span() -> None:
    rows = [("2013-02-10", 772), ("2018-03-12", 40), ("2018-03-14", 3)]
    days = fill_days(rows)
    assert days[0] == ("2013-02-10", 772) and days[-1] == ("2018-03-14", 3)
    assert sum(n for _, n in days) == 815
    assert ("2013-02-11", 0) in days  # five years: zero-filled
    # beyond ten years: the days with articles only, none lost
    far = fill_days([("2001-01-01", 1), ("2018-03-14", 2)])
    assert far == [("2001-01-01", 1), ("2018-03-14", 2)]
    assert fill_days([("2018-03-12", 1), ("2018-03-14", 2)]) == [
        ("2018-03-12", 1), ("2018-03-13", 0), ("2018-03-14", 2)]
