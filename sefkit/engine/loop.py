"""The weekly loop: each week, forecast, work the open deals, then take in new ones.

Order within a week ``w`` (all of its events are dated Monday to Friday of that week):

1. Monday snapshot and forecast: the state left by the weeks before (the Monday's
   own events are not in it).
2. Open deals get deal hours, calls, stalls, decisions, close-outs and pushes
   (:mod:`.progress`, :mod:`.hygiene`).
3. New deals arrive (outbound meetings that are due, marketing, referrals,
   expansion) and are qualified (:mod:`.qualification`); they are worked from next week.
4. Won accounts become customers; some customers leave (:mod:`.customers`).

**Two ways to start.** :meth:`Run.fresh` starts a run at its first week (the warm-up);
:meth:`Run.resume` goes on from a :class:`Checkpoint`. Either way :meth:`Run.run`
simulates the weeks still to go.

**Checkpoints.** A run asked to (``keep_quarter``) keeps a :class:`Checkpoint`: its
state at the start of that quarter. Two runs with the same parameters and seed whose
coaching minutes agree before that week are identical up to it (common random
numbers, :mod:`.streams`), so :meth:`Run.resume` runs another coaching plan from the
checkpoint, simulating only the weeks after it, and gives exactly the tables a run
from scratch gives. This is what makes a coaching what-if fast.

**A deal's week of luck.** Each open deal draws its week's uniforms once, keyed by
the deal and the week (:class:`DealWeekDraws`), one named draw per decision: the
same deal in the same week meets the same luck in every what-if run.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import numpy as np

from ..data.team import COMPONENTS
from . import hygiene, population, progress, qualification, skills
from .customers import Customers
from .forecasting import belief, category
from .population import Population
from .prospecting import Funnel
from .skills import SKILL
from .store import (
    CLOSED,
    COMPETITOR,
    LOST,
    MARKETING,
    NO_DECISION,
    OUTBOUND,
    PRICE,
    PRODUCT_GAP,
    STATUS_QUO,
    WENT_DARK,
    WON,
    DealStore,
    Log,
)
from .streams import Streams
from .timeline import WEEKS, Timeline

#: Field codes of ``opp_history``.
STAGE, AMOUNT, CLOSE_DATE = 0, 1, 2
HISTORY_FIELDS = ("stage", "amount", "close_date")
#: The event logs of a run (filled only with ``full`` detail).
LOGS = ("history", "calls", "snapshots")


def loss_reason(won, lost, status_quo, competition, u, gap=None) -> np.ndarray:
    """Loss-reason code of each closing deal (``team.LOSS_REASONS``; -1 for a win).

    Lost to a competitor's deal: competitor 70 %, product gap 15 %, price 15 %; lost
    without a competitor: price 60 %, product gap 40 %. A deal lost because the buyer
    needed what the product lacks (``gap``, the ``product.gap`` mechanism) is always
    ``product_gap``. No decision at the decision is ``status_quo``; a dead deal closed
    out is ``went_dark``.

    >>> t, f = np.array([True]), np.array([False])
    >>> int(loss_reason(f, t, f, t, np.array([0.1])) [0]) == COMPETITOR
    True
    >>> int(loss_reason(f, t, f, t, np.array([0.1]), gap=t)[0]) == PRODUCT_GAP
    True
    """
    lost_reason = np.where(
        competition,
        np.where(u < 0.7, COMPETITOR, np.where(u < 0.85, PRODUCT_GAP, PRICE)),
        np.where(u < 0.6, PRICE, PRODUCT_GAP),
    )
    if gap is not None:
        lost_reason = np.where(gap, PRODUCT_GAP, lost_reason)
    reason = np.where(lost, lost_reason, np.where(status_quo, STATUS_QUO, WENT_DARK))
    return np.where(won, -1, reason).astype(np.int8)


def _draw(column: int, meaning: str):
    """A field of :class:`DealWeekDraws`: its column of the week's uniforms, and what it decides."""
    return field(metadata={"column": column, "meaning": meaning})


@dataclass(frozen=True)
class DealWeekDraws:
    """The uniform numbers (0-1) an open deal draws in one week, one named draw per decision.

    :meth:`draw` takes them from ``Streams.uniforms("deals", deal key, week)``, so a
    deal meets the same luck in the same week of every what-if run (common random
    numbers). Each draw has its own column and decides one thing only; columns
    3, 4, 5 and 7 belonged to mechanisms since removed and are left unused, so
    that the draws that remain keep their numbers for the same seed.

    >>> import numpy as np
    >>> from sefkit.engine.streams import Streams
    >>> d = DealWeekDraws.draw(Streams(7), np.arange(3, dtype=np.uint64), week=5)
    >>> d.push_length.shape, bool((d.push_length != d.rescope_amount).all())
    ((3,), True)
    >>> DealWeekDraws.columns()["push_length"], DealWeekDraws.width()
    (2, 12)
    """

    day: np.ndarray = _draw(0, "the weekday (Monday to Friday) of the deal's events this week")
    call: np.ndarray = _draw(1, "whether the deal gets a call this week")
    push_length: np.ndarray = _draw(2, "how far a close date reached this week is pushed")
    release_slip: np.ndarray = _draw(6, "whether a product release slips the decision")
    zombie_noticed: np.ndarray = _draw(8, "whether the rep notices a dead deal and closes it out")
    rescope: np.ndarray = _draw(9, "whether the amount is revised on reaching propose")
    rescope_amount: np.ndarray = _draw(10, "the revised amount's factor (0.75-1.25)")
    push_honest: np.ndarray = _draw(11, "whether a push is an honest estimate or a lazy few weeks")

    @classmethod
    def columns(cls) -> dict[str, int]:
        """Each draw's column in the week's uniforms."""
        return {f.name: f.metadata["column"] for f in fields(cls)}

    @classmethod
    def width(cls) -> int:
        """How many uniforms a deal draws a week (the highest column used, plus one)."""
        return max(cls.columns().values()) + 1

    @classmethod
    def draw(cls, streams: Streams, keys: np.ndarray, week: int) -> DealWeekDraws:
        """The draws of the deals with ``keys`` in ``week`` (one array of ``len(keys)`` per draw)."""
        u = streams.uniforms("deals", keys, week, cls.width())
        return cls(**{name: u[:, column] for name, column in cls.columns().items()})


def _frozen(array: np.ndarray) -> np.ndarray:
    """``array``, made read-only (a checkpoint is shared by every run resumed from it)."""
    array.flags.writeable = False
    return array


@dataclass(frozen=True, eq=False)
class Checkpoint:
    """Where a run can be resumed: its state at the start of one quarter (before that week's Monday).

    Made by ``sefkit.engine.simulation.simulate_with_checkpoint`` (or
    ``Run.fresh(..., keep_quarter=q).run()``, as ``run.checkpoint``); used, any
    number of times, by ``simulation.resume`` and :meth:`Run.resume`. Its own
    arrays are read-only copies, and each resumed run copies what it changes.
    ``scenario``, ``seed``, :attr:`quarter` and :attr:`detail` say which run it
    belongs to. ``timeline``, ``pop`` and ``hours`` do not depend on coaching (they
    are shared with the run that took the checkpoint, which never changes them);
    the rest is the state the weeks before ``week`` left.
    """

    scenario: str
    params: dict
    seed: int
    full: bool
    week: int  # the first week still to simulate (the first week of quarter ``week // 13``)
    timeline: Timeline
    pop: Population
    hours: np.ndarray
    minutes: np.ndarray  # coaching minutes of the weeks before ``week``
    skills: np.ndarray  # skills (before the chain) of the simulated weeks up to ``week`` included
    pending: dict  # outbound candidates met before ``week`` that arrive from it on
    store: DealStore
    open: np.ndarray
    won_this_quarter: np.ndarray
    forecasts: np.ndarray  # forecasts of the weeks before ``week``
    customers: Customers
    logs: dict  # copies of the run's :data:`LOGS`
    activities: dict  # the funnel's activities of the weeks before ``week`` (full detail only)

    @property
    def quarter(self) -> str:
        """The label of the checkpoint's quarter, such as ``"2027Q1"``."""
        return self.timeline.labels[self.week // WEEKS]

    @property
    def detail(self) -> str:
        """``"full"`` or ``"core"``: the detail of the run it belongs to (and of every run resumed from it)."""
        return "full" if self.full else "core"

    def check(self, minutes: np.ndarray) -> None:
        """Refuse coaching ``minutes`` that differ from this run's before ``week`` (a resumed run would not be identical)."""
        if not np.array_equal(minutes[: self.week], self.minutes):
            raise ValueError(
                f"this coaching plan changes coaching before {self.quarter}, where the checkpoint was taken; "
                f"a run resumed there can only change coaching from {self.quarter} on"
            )


class Run:
    """One simulation run: inputs, state and logs.

    Start one with :meth:`fresh` (from the first week) or :meth:`resume` (from a
    :class:`Checkpoint`), then call :meth:`run`. ``run.checkpoint`` is the
    checkpoint taken on the way (``keep_quarter``), else None.
    """

    def __init__(self, *, params: dict, scenario: str, streams: Streams, timeline: Timeline, pop: Population,
                 hours: np.ndarray, minutes: np.ndarray, full: bool, forecast: bool, first_week: int,
                 known_skills: np.ndarray | None, pending: dict | None, customers: Customers, store: DealStore,
                 open_deals: np.ndarray, won_this_quarter: np.ndarray, forecasts_before: np.ndarray | None,
                 logs: dict, activities_before: dict | None, keep_quarter: int | None):
        """Every part of a run from its starting state (call :meth:`fresh` or :meth:`resume`, which prepare it).

        What depends on the coaching ``minutes`` (skills, the funnel, the new
        deals' qualification) is computed here from ``first_week`` on; the deals,
        customers, forecasts and logs go on from the state given.
        """
        self.params = params
        self.scenario = scenario
        self.full = full
        self.forecast = forecast or full  # without it (outcomes only) Mondays are skipped: they change no state
        self.streams = streams
        self.tl, self.pop, self.hours = timeline, pop, hours
        self.start_week = first_week
        self.minutes = minutes
        self.latent = skills.trajectories(timeline, pop, minutes, known=known_skills)
        sk = params["skills"]
        self.skills = skills.chain(self.latent, sk["chain_weight"], sk["chain_anchor"])  # what the mechanisms use
        self.funnel = Funnel(timeline, pop, self.skills, hours, streams, keep_activities=full, first_week=first_week)
        if activities_before is not None:
            acts = self.funnel.activities
            self.funnel.activities = {k: np.concatenate([activities_before[k], acts[k]]) for k in acts}
        self.arrivals = self._arrivals(pending)
        self.forecasts = np.zeros((timeline.n_weeks, len(pop.rep_ids), 3))
        if forecasts_before is not None:
            self.forecasts[: len(forecasts_before)] = forecasts_before
        self.customers = customers
        self.store = store
        self.open = open_deals
        self.won_this_quarter = won_this_quarter
        self.history, self.calls, self.snapshots = (logs[name] for name in LOGS)
        if keep_quarter is not None and not (0 <= keep_quarter < timeline.n_quarters
                                             and keep_quarter * WEEKS >= first_week):
            raise ValueError(f"keep_quarter {keep_quarter!r} is not a quarter this run simulates")
        self._keep_week = None if keep_quarter is None else keep_quarter * WEEKS
        self.checkpoint: Checkpoint | None = None

    @classmethod
    def fresh(cls, params: dict, seed: int, plan: dict | None, full: bool, *, scenario: str = "custom",
              keep_quarter: int | None = None, replication: int = 0, future_from: int = 0,
              forecast: bool = True) -> Run:
        """A run of ``params`` and ``seed`` from its first week (call :meth:`run` to simulate it).

        Args:
            plan: None, or a coaching plan in the engine's form
                (``sefkit.engine.plans.check_schedule``).
            full: keep every event (activities, history, calls, snapshots), or
                only what the core tables need.
            scenario: the scenario's name, carried to a checkpoint (the run reads
                only ``params``).
            keep_quarter: the zero-based quarter at whose start :meth:`run` takes a
                :class:`Checkpoint` (``run.checkpoint``).
            replication, future_from: other luck from week ``future_from`` on
                (:class:`~.streams.Streams`); replication 0 is the run's own.
            forecast: False (core detail only) to skip the Monday forecasts, the
                loss reasons and the close-date pushes, which change nothing else.
        """
        streams = Streams(seed, replication, future_from)
        tl = Timeline(params)
        pop = population.build(params, streams.generator("population"))
        by_q = [population.weekly_hours(params, pop, q, tl.by_quarter[q]) for q in range(tl.n_quarters)]
        hours = np.stack([by_q[tl.quarter_of_week(w)] for w in tl.weeks])
        logs = {
            "history": Log("deal", "day", "field", "old", "new", enabled=full),
            "calls": Log("deal", "day", "planned", "outcome", "eb", enabled=full),
            "snapshots": Log("week", "deal", "stage", "amount", "close", "category", enabled=full),
        }
        return cls(
            params=params, scenario=scenario, streams=streams, timeline=tl, pop=pop, hours=hours,
            minutes=skills.coaching_minutes(tl, pop, plan), full=full, forecast=forecast, first_week=tl.first_week,
            known_skills=None, pending=None,
            customers=Customers(pop, streams, tl.first_week, tl.p(tl.first_week)["customer_experience"]),
            store=DealStore(), open_deals=np.empty(0, dtype=np.int64), won_this_quarter=np.zeros(len(pop.rep_ids)),
            forecasts_before=None, logs=logs, activities_before=None, keep_quarter=keep_quarter,
        )

    @classmethod
    def resume(cls, checkpoint: Checkpoint, plan: dict | None, *, keep_quarter: int | None = None,
               replication: int = 0, forecast: bool = True) -> Run:
        """A run with ``plan`` that goes on from ``checkpoint`` (call :meth:`run` to simulate the rest).

        ``replication``: 0 for the run's own luck; another number for the same
        history with other luck from the checkpoint on (:class:`~.streams.Streams`).
        ``forecast=False`` (core detail only): skip the Monday forecasts, the
        loss reasons and the close-date pushes, which change nothing else (for
        runs that only need who won what when; their tables would be incomplete).

        The plan's coaching minutes before the checkpoint must be those of the run
        that took it (a plan that starts in the checkpoint's quarter or later, on top
        of the same coaching before it); otherwise a ValueError. The finished run has
        exactly the arrays of ``Run.fresh(params, seed, plan, full).run()``.
        """
        cp = checkpoint
        minutes = skills.coaching_minutes(cp.timeline, cp.pop, plan)
        cp.check(minutes)
        streams = Streams(cp.seed, replication, cp.week)
        customers = cp.customers.copy()
        customers.streams = streams  # this run's luck (another replication's, perhaps)
        return cls(
            params=cp.params, scenario=cp.scenario, streams=streams, timeline=cp.timeline, pop=cp.pop,
            hours=cp.hours, minutes=minutes, full=cp.full, forecast=forecast, first_week=cp.week,
            known_skills=cp.skills, pending=cp.pending, customers=customers, store=cp.store.copy(),
            open_deals=cp.open.copy(), won_this_quarter=cp.won_this_quarter.copy(), forecasts_before=cp.forecasts,
            logs={name: log.copy() for name, log in cp.logs.items()}, activities_before=cp.activities,
            keep_quarter=keep_quarter,
        )

    def _arrivals(self, pending: dict | None = None) -> dict:
        """Outbound and marketing deals of every week still to simulate, qualified in one pass per quarter.

        ``pending``: outbound candidates from meetings before the run's first week
        (from a checkpoint), which arrive in or after it.
        """
        f, tl = self.funnel, self.tl
        cand = f.candidates
        if pending is not None:
            cand = {k: np.concatenate([pending[k], v]) for k, v in cand.items()}
        rows = {k: np.concatenate([cand[k], f.marketing[k]]) for k in ("week", "rep", "account", "key")}
        rows["source"] = np.concatenate([np.full(cand["week"].size, OUTBOUND, np.int8),
                                         np.full(f.marketing["week"].size, MARKETING, np.int8)])
        keep = rows["week"] < tl.n_weeks
        order = np.argsort(rows["week"][keep], kind="stable")
        rows = {k: v[keep][order] for k, v in rows.items()}
        quarter = np.maximum(rows["week"], 0) // WEEKS
        parts = []
        for q in np.unique(quarter):
            sel = quarter == q
            r = {k: v[sel] for k, v in rows.items()}
            sk = self.skills[r["week"] - tl.first_week, r["rep"]]
            parts.append(qualification.attributes(r, tl.by_quarter[q], self.pop, sk, self.streams))
        if not parts:
            r = {k: v[:0] for k, v in rows.items()}
            parts.append(qualification.attributes(r, tl.by_quarter[0], self.pop, np.zeros((0, len(COMPONENTS))), self.streams))
        out = qualification.concat(parts)
        self._bounds = np.searchsorted(out["created_week"], np.arange(tl.first_week, tl.n_weeks + 1))
        return out

    def _checkpoint(self, w: int) -> Checkpoint:
        """The state at the start of week ``w`` (read-only copies)."""
        cand, acts = self.funnel.candidates, self.funnel.activities
        pending = (cand["met"] < w) & (cand["week"] >= w)
        before = acts["week"] < w
        store = self.store.copy()
        for array in vars(store).values():
            if isinstance(array, np.ndarray):
                _frozen(array)
        customers = self.customers.copy()
        _frozen(customers.until)
        return Checkpoint(
            scenario=self.scenario, params=self.params, seed=self.streams.seed, full=self.full, week=w, timeline=self.tl, pop=self.pop,
            hours=self.hours, minutes=_frozen(self.minutes[:w].copy()),
            skills=_frozen(self.latent[: w - self.tl.first_week + 1].copy()),
            pending={k: _frozen(v[pending]) for k, v in cand.items()}, store=store,
            open=_frozen(self.open.copy()), won_this_quarter=_frozen(self.won_this_quarter.copy()),
            forecasts=_frozen(self.forecasts[:w].copy()), customers=customers,
            logs={name: getattr(self, name).copy() for name in LOGS},
            activities={k: _frozen(v[before]) for k, v in acts.items()},
        )

    def _new_deals(self, w: int, p: dict) -> None:
        """Every new deal of the weeks from ``w`` to the end of its quarter, in one table sorted by week.

        Within a week: the outbound and marketing arrivals, then the customers'
        referral and expansion leads (drawn for the whole block from the customers
        of week ``w``). Each week then takes its rows with one slice.
        """
        tl = self.tl
        end = min((w // WEEKS + 1) * WEEKS, tl.n_weeks)
        rows = self.customers.leads(np.arange(w, end), p["customer_experience"])
        sk = self.skills[rows["week"] - tl.first_week, rows["rep"]]
        leads = qualification.attributes(rows, p, self.pop, sk, self.streams)
        arrivals = qualification.take(self.arrivals, self._bounds[w - tl.first_week], self._bounds[end - tl.first_week])
        block = qualification.concat([arrivals, leads])
        order = np.argsort(block["created_week"], kind="stable")
        self._block = {k: v[order] for k, v in block.items()}
        self._block_start = w
        self._block_bounds = np.searchsorted(self._block["created_week"], np.arange(w, end + 1))

    def run(self) -> Run:
        """Simulate every week still to simulate (taking the checkpoint on the way); return self."""
        first = self.tl.first_week
        for w in range(self.start_week, self.tl.n_weeks):
            if w == self._keep_week:
                self.checkpoint = self._checkpoint(w)
            self.week(w - first, w)
        self.customers.finish(self.tl.n_weeks - 1)
        return self

    # -- one week -----------------------------------------------------------
    def week(self, i: int, w: int) -> None:
        p = self.tl.p(w)
        sk = self.skills[i]
        deal_hours = self.hours[i, :, 1]
        s = self.store
        idx = self.open
        rep = s.rep[idx]
        need = np.where(s.dead[idx], p["deals"]["zombie_hours"], 1.0) * p["deals"]["hours_per_deal"]
        svc = progress.service(need, rep, deal_hours)
        if w >= 0:
            if w % WEEKS == 0:
                self.won_this_quarter[:] = 0.0
            if self.forecast:
                self.monday(w, p, sk, svc, idx, rep)
        won_accounts = self.work(w, p, sk, svc, idx, rep)
        self.take_in(w, p, sk, svc)
        self.customers.update(w, won_accounts, p["customer_experience"])

    def monday(self, w, p, sk, svc, idx, rep) -> None:
        """Snapshot of the open deals and each rep's forecast for the quarter.

        The snapshot needs every open deal's category; the forecast only those
        closing this quarter (all that the fast "core" detail computes).
        """
        s = self.store
        q0 = (w // WEEKS) * WEEKS * 7
        close = s.close_date[idx]
        in_q = (close >= q0) & (close < q0 + WEEKS * 7)
        rate = idx if self.full else idx[in_q]
        r = s.rep[rate]
        stage = s.stage[rate]
        rated = belief(p, sk[r], s.perceived[rate], s.commitment[rate], stage, svc[r],
                       s.attention[rate], s.competition[rate], s.u_decision[rate])
        cat = category(p, rated)
        amount = s.amount[rate]
        sel = in_q if self.full else np.ones(rate.size, dtype=bool)
        n = svc.size
        r_q, a_q, c_q = r[sel], amount[sel], cat[sel]
        commit = self.won_this_quarter + np.bincount(r_q[c_q == 2], a_q[c_q == 2], n)
        best = commit + np.bincount(r_q[c_q == 1], a_q[c_q == 1], n)
        self.forecasts[w] = np.column_stack([commit, best, np.bincount(r_q, a_q, n)])
        if self.full:
            self.snapshots.add(week=w, deal=idx, stage=stage, amount=amount, close=close, category=cat)

    def work(self, w, p, sk, svc, idx, rep) -> np.ndarray:
        """Progress the open deals; return the accounts won this week."""
        s = self.store
        draws = DealWeekDraws.draw(self.streams, s.key[idx], w)
        day = 7 * w + np.floor(draws.day * 5).astype(np.int64)
        cp, dp, hp = p["calls"], p["decision"], p["hygiene"]
        dead = s.dead[idx]
        live = ~dead
        c = s.commitment[idx]
        stage = s.stage[idx].astype(np.int64)
        calls_skill = sk[rep, SKILL.calls]
        sv = svc[rep]
        competition = s.competition[idx]
        attention_before = s.attention[idx]

        # calls: whether the deal gets one is the week's draw; the call itself (planned, economic buyer,
        # outcome) is the deal's n-th call's own draw, so a call made a week later meets the same luck
        called = live & (draws.call < p["deals"]["call_rate"] * sv)
        uc = np.full((idx.size, 3), 0.5)
        if called.any():
            d = idx[called]
            st = self.streams
            uc[called] = st.uniforms("calls", st.future(st.keys(s.key[d], s.calls_made[d]), w), 0, 3)
            s.calls_made[d] += 1
        planned = called & (uc[:, 0] < progress.planned_prob(calls_skill, sv))
        eb = called & (uc[:, 1] < progress.economic_buyer_prob(calls_skill, c, stage))
        pa = progress.advance_prob(cp, calls_skill, c, eb, planned)
        ps = progress.setback_prob(cp, calls_skill, c, pa)
        adv = called & (uc[:, 2] < pa)
        back = called & ~adv & (uc[:, 2] > 1.0 - ps)
        s.last_call_week[idx[called]] = w
        attention = np.where(live, 0.8 * attention_before + 0.2 * sv, attention_before)
        s.attention[idx] = attention
        if self.full and w >= 0 and called.any():
            outcome = np.where(adv, 0, np.where(back, 2, 1))[called]
            self.calls.add(deal=idx[called], day=day[called], planned=planned[called], outcome=outcome, eb=eb[called])

        # stalls (hidden: the buyer goes silent) when the deal's hazard, summed over the weeks it
        # could have stalled, passes its own clock (drawn at creation): the same chance of stalling each
        # week as a weekly draw, but a deal that gets more attention stalls later, never at random earlier
        gap = w - s.last_call_week[idx]
        exposed = live & ~adv
        hazard = s.hazard[idx] - np.log1p(-progress.stall_hazard(cp, c, gap)) * exposed
        s.hazard[idx] = hazard
        die = exposed & (hazard >= s.stall_clock[idx])

        # decisions; the buyer's choice and the loss reason are the deal's own draws (whatever week it decides)
        decide = adv & (stage == 3)
        slip = decide & (draws.release_slip < p["product"]["release_slip"])
        decide &= ~slip
        adv &= ~slip
        ud = np.full((idx.size, 2), 0.5)
        if decide.any():
            d = idx[decide]
            ud[decide] = self.streams.uniforms("decision", self.streams.future(s.key[d], s.created_week[d]), 0, 2)
        nd = decide & (ud[:, 0] < progress.status_quo_prob(dp, c))
        pw = progress.win_prob(dp, p["product"], sk[rep, SKILL.deal_management], c, attention, competition)
        won = decide & ~nd & (s.u_decision[idx] < pw)
        # a product gap: the buyer needs what the product lacks and buys elsewhere, whoever sells (own stream)
        gap = None
        if p["product"]["gap"] > 0 and decide.any():
            d = idx[decide]
            ug = np.ones(idx.size)
            ug[decide] = self.streams.uniforms("product", self.streams.future(s.key[d], s.created_week[d]), 0, 1)[:, 0]
            gap = decide & ~nd & (ug < p["product"]["gap"])
            won &= ~gap
        lost = decide & ~nd & ~won

        # zombies closed out
        noticed = draws.zombie_noticed < hygiene.notice_prob(hp, sk[rep, SKILL.hygiene])
        zclose = dead & (noticed | (w - s.dead_week[idx] >= hp["max_zombie_weeks"]))
        closing = decide | zclose
        outcome = np.where(won, WON, np.where(lost, LOST, NO_DECISION))
        # loss reasons and close dates are for the tables and forecasts; an outcome-only run leaves them out
        keep_records = self.forecast
        reason = loss_reason(won, lost, nd, competition, ud[:, 1], gap) if keep_records else None

        # stage and amount changes
        new_stage = np.where(closing, CLOSED, stage + adv - (back & (stage > 0)))
        moved = new_stage != stage
        rescope = adv & ~closing & (new_stage == 2) & (draws.rescope < p["deals"]["rescope_chance"])
        old_amount = s.amount[idx]
        new_amount = np.where(rescope, np.maximum(np.round(old_amount * (0.75 + 0.5 * draws.rescope_amount), -2), 1000.0), old_amount)
        rescope &= new_amount != old_amount
        if self.full:
            self.history.add(deal=idx[moved], day=day[moved], field=STAGE, old=stage[moved], new=new_stage[moved])
            self.history.add(deal=idx[rescope], day=day[rescope], field=AMOUNT, old=old_amount[rescope],
                             new=new_amount[rescope])
        s.stage[idx] = new_stage
        s.amount[idx] = new_amount
        died, closed = idx[die], idx[closing]
        s.dead[died] = True
        s.dead_week[died] = w
        s.outcome[closed] = outcome[closing]
        s.closed_on[closed] = day[closing]
        if keep_records:
            s.reason[closed] = reason[closing]

        # close-date pushes for deals still open
        old_close = s.close_date[idx].astype(np.int64)
        push = ~closing & (old_close < 7 * (w + 1))
        if keep_records and push.any():
            days = hygiene.push_days(hp, p["deals"]["expected_weeks"], sk[rep, SKILL.hygiene], new_stage,
                                     draws.push_honest, draws.push_length)
            new_close = np.maximum(old_close + 1, day + days)
            if self.full:
                self.history.add(deal=idx[push], day=day[push], field=CLOSE_DATE, old=old_close[push],
                                 new=new_close[push])
            s.close_date[idx[push]] = new_close[push]

        if w >= 0:
            self.won_this_quarter += np.bincount(rep[won], new_amount[won], svc.size)
        self.open = idx[~closing]
        return s.account[idx[won]]

    def take_in(self, w, p, sk, svc) -> None:
        """Create and qualify this week's new deals."""
        if w == self.tl.first_week or w % WEEKS == 0:
            self._new_deals(w, p)
        j = w - self._block_start
        batch = qualification.take(self._block, self._block_bounds[j], self._block_bounds[j + 1])
        admitted, disq = qualification.admit(self.store, batch, svc)
        if self.full and admitted.size + disq.size:
            s = self.store
            new = np.concatenate([admitted, disq])
            day = s.created[new]
            nan = np.full(new.size, np.nan)
            self.history.add(deal=new, day=day, field=STAGE, old=nan, new=0)
            self.history.add(deal=new, day=day, field=AMOUNT, old=nan, new=s.amount[new])
            self.history.add(deal=new, day=day, field=CLOSE_DATE, old=nan, new=s.close_date[new])
            self.history.add(deal=disq, day=s.created[disq], field=STAGE, old=0, new=CLOSED)
        self.open = np.concatenate([self.open, admitted])

