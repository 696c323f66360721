"""How a coaching plan is graded: by what it does, against reference plans of the same budget.

Assignment 08 and the capstone both ask a manager for a coaching plan
(``{rep: {part: minutes a week}}`` for their own reps) and mark it with
``Item(assess=...)``: the plan is checked (known reps and parts, the manager's reps
only, the budget), then run forward through the simulation in the same futures as
four reference plans of the same budget (:meth:`PlanRule.reference_plans`):
coaching nobody, prospecting only, spread evenly, and the truth's plan (``minutes``
a week on each rep's true weakest skill). Its expected extra money won against
coaching nobody (:func:`sefkit.whole_job.coaching.expected_gain`) earns full marks
from ``full_share`` of the way from the best simple plan to the truth's plan, half
from ``half_share``, nothing below: clearly better than the simple plans, not merely
level with them within the futures' luck.

>>> from sefkit.data.examples import tiny_team
>>> rule = PlanRule(manager="M1", budget=60.0, minutes=30.0, quarters_ahead=2, replications=5,
...                 truth=lambda team: {"R01": "calls", "R02": "hygiene"})
>>> team = tiny_team()
>>> rule.truth_plan(team)
{'R01': {'calls': 30.0}, 'R02': {'hygiene': 30.0}}
>>> rule.check(team, {"R01": {"calls": 90}})
'coaching_plan asks for 90 minutes a week; you have 60. Cut it to fit your week, then run it again.'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class PlanRule:
    """One assignment's rule for coaching plans (see the module's docstring).

    Args:
        manager: the manager whose reps the learner coaches (the reps table's ``manager_id``).
        budget: the minutes a week the manager has.
        minutes: minutes a week per rep in the reference plans.
        quarters_ahead, replications: how far ahead a plan is judged, and in how many futures.
        truth: ``truth(team) -> {rep: part}``, each rep's true weakest skill (the hidden truth).
        horizon: the words for how far ahead, in the learner's messages.
        half_share, full_share: the two lines, as shares of the way from the best simple
            plan to the truth's plan.
    """

    manager: str
    budget: float
    minutes: float
    quarters_ahead: int
    replications: int
    truth: Callable[[object], Mapping[str, str]]
    horizon: str = "the quarters ahead"
    half_share: float = 0.2
    full_share: float = 0.65

    def reps(self, team) -> list[str]:
        """The manager's reps, from the reps table."""
        return list(team.reps.loc[team.reps["manager_id"] == self.manager, "rep_id"])

    def truth_plan(self, team) -> dict:
        """``minutes`` a week on each of the manager's reps' true weakest skill."""
        true = self.truth(team)
        return {r: {str(true[r]): self.minutes} for r in self.reps(team)}

    def reference_plans(self, team) -> dict:
        """The four reference plans of the same budget, by name."""
        from ...whole_job import coaching

        mine = self.reps(team)
        return {"nobody": {}, "prospecting only": coaching.focus_plan(team, "prospecting", self.minutes, reps=mine),
                "spread evenly": coaching.even_plan(team, self.minutes, reps=mine),
                "the truth's plan": self.truth_plan(team)}

    def gain(self, team, plan) -> float:
        """A plan's expected extra money won over the quarters ahead (the whole team), against coaching nobody."""
        from ...whole_job import coaching

        if not plan:
            return 0.0
        return float(coaching.expected_gain(team, plan, quarters_ahead=self.quarters_ahead,
                                            replications=self.replications)["gain"])

    def reference_gains(self, ctx) -> dict:
        """Each reference plan's expected gain on the context's team (computed once per context)."""
        return ctx.value("reference gains",
                         lambda c: {name: self.gain(c.data, p) for name, p in self.reference_plans(c.data).items()})

    def lines(self, ctx) -> tuple[float, float]:
        """(the gain from which a plan earns half its points, the gain from which it earns full marks)."""
        g = self.reference_gains(ctx)
        simple = max(g["prospecting only"], g["spread evenly"], g["nobody"])
        room = g["the truth's plan"] - simple
        return simple + self.half_share * room, simple + self.full_share * room

    def check(self, team, answer) -> str:
        """What is wrong with a plan before it can be judged ("" when nothing is)."""
        from ...whole_job import coaching

        try:
            plan = coaching.check_plan(team, answer)
        except (ValueError, TypeError) as err:
            return f"coaching_plan could not be run: {err}. Write it as {{rep: {{part: minutes}}}}."
        mine = self.reps(team)
        others = sorted(set(plan) - set(mine))
        if others:
            return (f"coaching_plan coaches {', '.join(others)}, who do not report to you ({self.manager}); "
                    f"coach only your reps: {', '.join(mine)}.")
        used = sum(m for per in plan.values() for m in per.values())
        if used > self.budget + 0.5:  # half a minute: plans rounded to one decimal per part
            return (f"coaching_plan asks for {used:,.0f} minutes a week; you have {self.budget:,.0f}. "
                    "Cut it to fit your week, then run it again.")
        if not plan:
            return f"coaching_plan coaches nobody: it adds nothing over {self.horizon}."
        return ""

    def assess(self, ctx, answer) -> tuple[float, str]:
        """The plan's share of the points and its message: checked, then judged by its expected gain."""
        from ...pictures import plots
        from ...whole_job import coaching

        wrong = self.check(ctx.data, answer)
        if wrong:
            return 0.0, wrong
        mine = self.gain(ctx.data, coaching.check_plan(ctx.data, answer))
        half, full = self.lines(ctx)
        said = f"Your plan is expected to add about {plots.short_money(mine)} over {self.horizon}"
        if mine >= full:
            return 1.0, f"{said}: close to what coaching each rep's true weakest part would add. Well done."
        if mine >= half:
            return 0.5, (f"{said}: more than coaching prospecting only or spreading the minutes evenly, but well "
                         "short of coaching where each rep really falls short. Half the points.")
        return 0.0, (f"{said}: no more than coaching prospecting only or spreading the same minutes evenly would. "
                     "Look at where each rep falls short.")
