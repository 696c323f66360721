"""The run's storage (sefkit/engine/store.py): growable deal arrays and append-only logs."""

from __future__ import annotations

import numpy as np

from sefkit.data.team import OUTCOMES, QUALIFICATION_FIELDS, SOURCES
from sefkit.engine.store import (
    CLOSED,
    DISQUALIFIED,
    EXPANSION,
    LOST,
    NO_DECISION,
    NOT_CLOSED,
    OPEN,
    OUTBOUND,
    WON,
    DealStore,
    Log,
)


def test_codes_index_the_contracts_names():
    assert [OUTCOMES[c] for c in (WON, LOST, NO_DECISION, DISQUALIFIED)] == ["won", "lost", "no_decision", "disqualified"]
    assert SOURCES[OUTBOUND] == "outbound" and SOURCES[EXPANSION] == "expansion"
    assert CLOSED == 4 and OPEN == -1


def test_the_store_grows_past_its_capacity_and_keeps_what_it_held():
    s = DealStore(capacity=2)
    first = s.add(amount=np.array([1.0, 2.0]), rep=np.array([0, 1]),
                  fields=np.full((2, len(QUALIFICATION_FIELDS)), 3, np.int8))
    more = s.add(amount=np.arange(3.0, 8.0), rep=np.full(5, 2))
    assert first.tolist() == [0, 1] and more.tolist() == [2, 3, 4, 5, 6]
    assert s.n == 7 and s.view("amount").tolist() == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]
    assert s.view("rep").tolist() == [0, 1, 2, 2, 2, 2, 2]
    assert (s.fields[:2] == 3).all() and (s.fields[2:7] == 0).all()
    assert s.amount.size >= 7 and s.fields.shape[0] == s.amount.size


def test_a_new_deal_is_open_and_unclosed_until_told_otherwise():
    s = DealStore()
    s.add(amount=np.array([5.0, 6.0]))
    assert s.view("outcome").tolist() == [OPEN, OPEN]
    assert s.view("closed_on").tolist() == [NOT_CLOSED, NOT_CLOSED]
    assert s.view("attention").tolist() == [1.0, 1.0] and s.view("reason").tolist() == [-1, -1]
    assert np.isinf(s.view("stall_clock")).all() and not s.view("dead").any()


def test_a_copy_of_the_store_is_independent_in_every_array():
    s = DealStore(capacity=4)
    s.add(amount=np.array([1.0]), fields=np.ones((1, len(QUALIFICATION_FIELDS)), np.int8))
    c = s.copy()
    c.add(amount=np.array([2.0]))
    c.fields[0, 0] = 0
    c.outcome[0] = WON
    assert s.n == 1 and c.n == 2
    assert s.fields[0, 0] == 1 and s.outcome[0] == OPEN


def test_a_log_broadcasts_scalars_skips_empty_chunks_and_concatenates_in_order():
    log = Log("week", "opp", "value")
    log.add(week=3, opp=np.array([7, 8]), value=np.array([0.5, 0.25]))
    log.add(week=4, opp=np.array([], dtype=int), value=np.array([]))  # nothing happened that week
    log.add(week=5, opp=np.array([9]), value=1.0)
    out = log.arrays()
    assert out["week"].tolist() == [3, 3, 5] and out["opp"].tolist() == [7, 8, 9]
    assert out["value"].tolist() == [0.5, 0.25, 1.0]


def test_a_disabled_or_empty_log_gives_empty_typed_arrays():
    off = Log("opp", enabled=False)
    off.add(opp=np.array([1, 2]))
    assert off.arrays({"opp": np.int64})["opp"].dtype == np.int64 and off.arrays()["opp"].size == 0
    assert Log("x").arrays()["x"].dtype == float


def test_appending_to_a_copied_log_leaves_the_original_alone():
    log = Log("opp")
    log.add(opp=np.array([1]))
    copy = log.copy()
    copy.add(opp=np.array([2]))
    assert log.arrays()["opp"].tolist() == [1] and copy.arrays()["opp"].tolist() == [1, 2]
