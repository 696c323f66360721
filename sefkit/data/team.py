"""The data contract: a ``Team`` and the tables it carries.

``sefkit.simulate`` returns a :class:`Team`; every lesson, analytics function and
graded exercise reads these tables by the column names and dtypes declared in
:data:`SCHEMA`. The data dictionary in docs/MODEL.md explains each column.

Conventions
-----------
* Ids are strings (``"R01"``, ``"A0001"``); ``opp_id`` and ``call_id`` are integers.
  In the three large tables (activities, snapshots, opp_history) string columns are
  pandas ``category`` to keep memory small; they compare with plain strings as usual.
* Dates are ``datetime64[ns]`` at midnight. ``activities.week`` and
  ``coaching.week`` are the Monday of the week; ``forecasts.week`` is the week
  number *within the quarter* (1-13) and ``forecasts.as_of`` its Monday.
* Quarters are 13-week fiscal quarters labelled like ``"2025Q1"`` (see
  :mod:`sefkit.data.periods`).
* ``opportunities.stage`` is the current stage of an open deal, or ``"closed"``;
  ``outcome`` is missing (None) while the deal is open; ``loss_reason`` is set only
  for lost, no-decision and disqualified deals (see :data:`LOSS_REASONS`).

Small teams can be built by hand for examples and tests:

>>> t = Team.build(quotas=pd.DataFrame({"rep_id": ["R01"], "quarter": ["2025Q1"], "quota": [100.0]}))
>>> t.quarters
['2025Q1']
>>> len(t.opportunities), list(t.opportunities.columns[:3])
(0, ['opp_id', 'rep_id', 'account_id'])
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import pandas as pd

from . import periods

#: The seven skills of a seller, in SEF order. Coaching, the scorecard, the
#: diagnosis and ``team.truth.rep_skills`` all use exactly these names.
COMPONENTS = (
    "territory",
    "prospecting",
    "qualification",
    "calls",
    "deal_management",
    "hygiene",
    "forecasting",
)
#: Each component's name as the course writes it (maps, sliders, tables).
COMPONENT_LABELS = {
    "territory": "Territory & accounts",
    "prospecting": "Prospecting",
    "qualification": "Qualification",
    "calls": "Sales calls",
    "deal_management": "Deal management",
    "hygiene": "Pipeline hygiene",
    "forecasting": "Forecasting",
}
OPEN_STAGES = ("qualify", "discover", "propose", "negotiate")
CLOSED_STAGE = "closed"
OUTCOMES = ("won", "lost", "no_decision", "disqualified")
#: Outcomes of deals that entered the pipeline and reached an end (win-rate denominator).
DECIDED_OUTCOMES = ("won", "lost", "no_decision")
ACTIVITY_TYPES = ("call", "email", "social")
#: Each activity records the furthest step it reached, so a meeting was also a
#: conversation and a connect: funnel counts are cumulative.
ACTIVITY_OUTCOMES = ("no_answer", "connect", "conversation", "meeting")
SOURCES = ("outbound", "marketing", "referral", "expansion")
FORECAST_CATEGORIES = ("pipeline", "best_case", "commit")
CALL_OUTCOMES = ("advance", "continuation", "setback")
#: Why a deal ended without a win: lost deals give competitor / price / product_gap,
#: no-decision deals status_quo / went_dark, disqualified deals poor_fit / no_budget.
LOSS_REASONS = ("competitor", "price", "product_gap", "status_quo", "went_dark", "poor_fit", "no_budget")
SEGMENTS = ("SMB", "Mid-Market", "Enterprise")
TIERS = ("A", "B", "C")
#: MEDDPICC qualification fields, each scored 0-3 by the rep.
QUALIFICATION_FIELDS = (
    "q_metrics",
    "q_economic_buyer",
    "q_decision_criteria",
    "q_decision_process",
    "q_paper_process",
    "q_identify_pain",
    "q_champion",
    "q_competition",
)

_DATE = "datetime64[ns]"
#: Column name -> dtype for every table of the contract.
SCHEMA: dict[str, dict[str, str]] = {
    "reps": {
        "rep_id": "object",
        "name": "object",
        "manager_id": "object",
        "territory_id": "object",
        "hire_date": _DATE,
        "segment": "object",
    },
    "accounts": {
        "account_id": "object",
        "territory_id": "object",
        "industry": "object",
        "employees": "int64",
        "icp_fit": "float64",
        "tier": "object",
        "potential_acv": "float64",
        "is_customer": "bool",
    },
    "quotas": {"rep_id": "object", "quarter": "object", "quota": "float64"},
    "activities": {
        "rep_id": "category",
        "account_id": "category",
        "week": _DATE,
        "type": "category",
        "outcome": "category",
    },
    "opportunities": {
        "opp_id": "int64",
        "rep_id": "object",
        "account_id": "object",
        "source": "object",
        "created": _DATE,
        "amount": "float64",
        "stage": "object",
        "close_date": _DATE,
        **{f: "int8" for f in QUALIFICATION_FIELDS},
        "qualification_score": "int64",
        "closed_on": _DATE,
        "outcome": "object",
        "loss_reason": "object",
    },
    "opp_history": {
        "opp_id": "int64",
        "date": _DATE,
        "field": "category",
        "old": "object",
        "new": "object",
    },
    "snapshots": {
        "as_of": _DATE,
        "opp_id": "int64",
        "rep_id": "category",
        "stage": "category",
        "amount": "float64",
        "close_date": _DATE,
        "forecast_category": "category",
    },
    "calls": {
        "call_id": "int64",
        "opp_id": "int64",
        "rep_id": "object",
        "date": _DATE,
        "planned": "bool",
        "outcome": "object",
        "economic_buyer_present": "bool",
    },
    "forecasts": {
        "rep_id": "object",
        "quarter": "object",
        "week": "int64",
        "as_of": _DATE,
        "commit": "float64",
        "best_case": "float64",
        "pipeline": "float64",
    },
    "coaching": {
        "rep_id": "object",
        "week": _DATE,
        "component": "object",
        "minutes": "float64",
    },
}

TRUTH_SCHEMA: dict[str, dict[str, str]] = {
    "rep_skills": {"rep_id": "object", "quarter": "object", **{c: "float64" for c in COMPONENTS}},
    "rep_time": {
        "rep_id": "object",
        "quarter": "object",
        "prospecting_hours": "float64",
        "deal_hours": "float64",
        "admin_hours": "float64",
    },
    "deals": {"opp_id": "int64", "commitment": "float64", "win_chance": "float64"},
}


#: The nullable dtype a column of each non-nullable dtype takes when values are
#: missing: a CRM export without MEDDPICC scores, an accounts list without some
#: head counts (see ``Team.absent``). Simulated teams never have missing values there.
NULLABLE = {"int8": "Int8", "int64": "Int64", "bool": "boolean"}


class MissingTableError(ValueError):
    """A table (or column) the team's source does not have, asked for by an analysis.

    It is a ValueError, so the ``sefkit`` command and the lessons show it as one plain
    message: which table is missing and why (``Team.absent``).
    """


def _fits(series: pd.Series, dtype: str) -> bool:
    """Whether a column has the contract's dtype, or its nullable counterpart with values missing."""
    actual = str(series.dtype)
    return actual == dtype or (actual == NULLABLE.get(dtype) and bool(series.isna().any()))


def empty_table(name: str, schema: dict[str, dict[str, str]] = SCHEMA) -> pd.DataFrame:
    """An empty table with the contract's columns and dtypes.

    >>> empty_table("quotas").dtypes.to_dict()
    {'rep_id': dtype('O'), 'quarter': dtype('O'), 'quota': dtype('float64')}
    """
    if name not in schema:
        raise ValueError(f"unknown table {name!r}; valid tables: {', '.join(schema)}")
    return pd.DataFrame({c: pd.Series(dtype=d) for c, d in schema[name].items()})


def conform(df: pd.DataFrame, name: str, schema: dict[str, dict[str, str]] = SCHEMA) -> pd.DataFrame:
    """A copy of ``df`` with the contract's column order and dtypes.

    Missing columns are an error; extra columns are kept after the contract's. A
    column with missing values takes the nullable dtype of :data:`NULLABLE` when its
    own dtype cannot hold a missing value.

    >>> conform(pd.DataFrame({"rep_id": ["R01"], "quarter": ["2025Q1"], "quota": [1]}), "quotas").dtypes["quota"]
    dtype('float64')

    >>> conform(pd.DataFrame({"quota": [1], "quarter": ["2025Q1"], "rep_id": ["R01"]}), "quotas").columns.tolist()
    ['rep_id', 'quarter', 'quota']
    """
    cols = schema[name]
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise ValueError(f"table {name!r} is missing columns {missing}; it needs {list(cols)}")
    extra = [c for c in df.columns if c not in cols]
    out = df[list(cols) + extra].copy()
    for c, dtype in cols.items():
        if str(out[c].dtype) != dtype:
            blank = dtype in NULLABLE and bool(out[c].isna().any())
            try:
                out[c] = out[c].astype(NULLABLE[dtype] if blank else dtype)
            except (ValueError, TypeError) as err:
                raise ValueError(f"table {name!r}, column {c!r} cannot be {dtype}: {err}") from None
    return out.reset_index(drop=True)


@dataclass(frozen=True)
class Truth:
    """What the simulation knows and the team does not (for facilitators and graders).

    * ``rep_skills``: one row per rep and quarter, one column per skill in
      :data:`COMPONENTS`, each on a 0-1 scale where 0.5 is a typical seller.
    * ``rep_time``: weekly hours each rep spends on prospecting, deal work and admin.
    * ``deals``: each opportunity's hidden commitment to change (0-1) and its true
      chance of being won at creation.
    """

    rep_skills: pd.DataFrame = field(default_factory=lambda: empty_table("rep_skills", TRUTH_SCHEMA))
    rep_time: pd.DataFrame = field(default_factory=lambda: empty_table("rep_time", TRUTH_SCHEMA))
    deals: pd.DataFrame = field(default_factory=lambda: empty_table("deals", TRUTH_SCHEMA))


@dataclass(frozen=True)
class Team:
    """A simulated (or hand-built) sales team: the tables of the data contract.

    Attributes are pandas DataFrames named as in :data:`SCHEMA`, plus ``truth``
    (a :class:`Truth`), the ``scenario`` name, the ``seed``, the resolved
    ``params`` and the calendar ``start`` (a Monday).

    A team read from somewhere else than the simulation (a CRM export,
    :mod:`sefkit.data.crm`) may lack whole tables, or columns, that its source does
    not have. ``absent`` names each (``"activities"``, ``"opportunities.qualification_score"``)
    with the reason; asking for an absent table raises :class:`MissingTableError`
    naming it, as does :meth:`require` for an absent column. ``calendar`` lists the
    team's quarters when it has no quotas to read them from.

    >>> t = Team.build(absent={"calls": "the export has no calls"})
    >>> t.calls
    Traceback (most recent call last):
    ...
    sefkit.data.team.MissingTableError: this team has no calls table, so this cannot be measured on it: the export has no calls
    >>> "calls" in t.tables()
    False
    """

    reps: pd.DataFrame = field(default_factory=lambda: empty_table("reps"))
    accounts: pd.DataFrame = field(default_factory=lambda: empty_table("accounts"))
    quotas: pd.DataFrame = field(default_factory=lambda: empty_table("quotas"))
    activities: pd.DataFrame = field(default_factory=lambda: empty_table("activities"))
    opportunities: pd.DataFrame = field(default_factory=lambda: empty_table("opportunities"))
    opp_history: pd.DataFrame = field(default_factory=lambda: empty_table("opp_history"))
    snapshots: pd.DataFrame = field(default_factory=lambda: empty_table("snapshots"))
    calls: pd.DataFrame = field(default_factory=lambda: empty_table("calls"))
    forecasts: pd.DataFrame = field(default_factory=lambda: empty_table("forecasts"))
    coaching: pd.DataFrame = field(default_factory=lambda: empty_table("coaching"))
    truth: Truth = field(default_factory=Truth, repr=False)
    scenario: str = "custom"
    seed: int | None = None
    params: dict = field(default_factory=dict, repr=False)
    start: pd.Timestamp = field(default_factory=lambda: pd.Timestamp("2025-01-06"))
    absent: dict = field(default_factory=dict, repr=False)
    calendar: tuple = ()

    def __post_init__(self):
        unknown = [n for n in self.absent if n.split(".")[0] not in SCHEMA]
        if unknown:
            raise ValueError(f"unknown tables in absent: {unknown}; valid tables: {', '.join(SCHEMA)}")
        for name in self.absent:
            if name in SCHEMA:  # an absent table is no attribute: reading it goes to __getattr__
                object.__delattr__(self, name)

    def __getattr__(self, name: str):
        absent = self.__dict__.get("absent", {})
        if name in SCHEMA and name in absent:
            raise MissingTableError(
                f"this team has no {name} table, so this cannot be measured on it: {absent[name]}")
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def require(self, *names: str) -> None:
        """Raise :class:`MissingTableError` if any table or ``table.column`` named is absent.

        >>> Team.build(absent={"opportunities.qualification_score": "no scores"}).require("opportunities.amount")
        """
        for name in names:
            if name in self.absent:
                what = f"{name.split('.')[1]} column in its {name.split('.')[0]}" if "." in name else f"{name} table"
                raise MissingTableError(
                    f"this team has no {what}, so this cannot be measured on it: {self.absent[name]}")

    @classmethod
    def build(cls, **tables) -> Team:
        """A team from some tables; the others are empty with the right columns.

        Each given table is conformed to the contract (column order and dtypes).
        Non-table keywords (``truth``, ``scenario``, ``seed``, ``params``,
        ``start``) are passed through.
        """
        kwargs = {}
        for name, value in tables.items():
            if name in SCHEMA:
                kwargs[name] = conform(pd.DataFrame(value), name)
            elif name in {f.name for f in fields(cls)}:
                kwargs[name] = value
            else:
                raise ValueError(f"unknown table {name!r}; valid tables: {', '.join(SCHEMA)}")
        if "start" in kwargs:
            kwargs["start"] = pd.Timestamp(kwargs["start"])
        return cls(**kwargs)

    # -- calendar -----------------------------------------------------------
    @property
    def quarters(self) -> list[str]:
        """The team's quarter labels in order (those of ``quotas``, or the ``calendar`` of a team without quotas)."""
        labels = list(self.calendar) if "quotas" in self.absent else self.quotas["quarter"].unique().tolist()
        return sorted(labels, key=lambda q: periods.quarter_index(self.start, q))

    def quarter_bounds(self, quarter: str) -> tuple[pd.Timestamp, pd.Timestamp]:
        """First day of ``quarter`` and first day of the next (half-open interval)."""
        self.check_quarter(quarter)
        return periods.quarter_bounds(self.start, quarter)

    def quarter_of(self, dates) -> pd.Series:
        """Quarter label of each date (NA for missing dates)."""
        return periods.quarter_of(self.start, dates)

    # -- validation helpers shared by every analytics module ----------------
    @property
    def rep_ids(self) -> list[str]:
        """Rep ids in the order of ``reps`` (or of ``quotas`` when reps is empty)."""
        source = self.reps if len(self.reps) else self.quotas
        return list(dict.fromkeys(source["rep_id"].astype(str)))

    def check_quarter(self, quarter: str) -> str:
        """Return ``quarter`` if the team has it, else raise ValueError listing the valid ones."""
        valid = self.quarters
        if quarter not in valid:
            raise ValueError(f"unknown quarter {quarter!r}; valid quarters: {', '.join(valid)}")
        return quarter

    def check_rep(self, rep_id: str) -> str:
        """Return ``rep_id`` if the team has it, else raise ValueError listing the valid ones."""
        valid = self.rep_ids
        if rep_id not in valid:
            raise ValueError(f"unknown rep {rep_id!r}; valid reps: {', '.join(valid)}")
        return rep_id

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every contract table the team has, by name (truth and absent tables excluded), for export."""
        return {name: getattr(self, name) for name in SCHEMA if name not in self.absent}

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}={len(df):,}" for name, df in self.tables().items())
        return f"Team(scenario={self.scenario!r}, seed={self.seed}, {sizes})"


def check_component(component: str) -> str:
    """Return ``component`` if it is one of :data:`COMPONENTS`, else raise ValueError.

    >>> check_component("calls")
    'calls'
    """
    if component not in COMPONENTS:
        raise ValueError(f"unknown component {component!r}; valid components: {', '.join(COMPONENTS)}")
    return component


def validate(team: Team) -> None:
    """Raise ValueError if any table breaks the contract's columns or dtypes."""
    problems = []
    for name, df in team.tables().items():
        for c, dtype in SCHEMA[name].items():
            if c not in df.columns:
                problems.append(f"{name}.{c} is missing")
            elif not _fits(df[c], dtype):
                problems.append(f"{name}.{c} has dtype {df[c].dtype}, expected {dtype}")
    for name, cols in TRUTH_SCHEMA.items():
        df = getattr(team.truth, name)
        problems += [f"truth.{name}.{c} is missing" for c in cols if c not in df.columns]
    if problems:
        raise ValueError("the team breaks the data contract: " + "; ".join(problems))
