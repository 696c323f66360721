"""Assertions shared by the library tests."""

import pandas.testing as pdt


def assert_leaves_team_unchanged(team, call):
    """Run ``call(team)`` and fail if any of the team's tables changed."""
    before = {name: df.copy() for name, df in team.tables().items()}
    call(team)
    for name, df in team.tables().items():
        pdt.assert_frame_equal(df, before[name], obj=f"team.{name}")
