"""The cohort report: what a cohort has and has not put together, per SEF component.

Read from nbgrader's gradebook (every score, manual grades included once a
facilitator has entered them), the autograded notebooks (each item's verdict:
right, wrong, which known mistake, not answered) and the assignment's
declaration (``solutions/<assignment>/answer_key.py``: each item's SEF
components, whether it is an integration item, its misconceptions).

:func:`write` makes ``reports/<assignment>/``: ``index.html`` (one self-contained
page, the heatmap embedded), ``components.csv`` (trainee x SEF component),
``items.csv`` (trainee x item), ``misconceptions.csv`` (and, when an item reports
by component, ``by_component.csv`` and ``cohort_by_component.csv``). Single-component items
make the component columns; integration items (``integration=True``) have their
own column, so "knows each part" and "puts the parts together" read apart.

An item whose ``assess`` says where its points were won, per SEF component
(:func:`sefkit.classroom.grading.check.breakdown`; the capstone's diagnosis credits
each rep under their true constraint), counts in the component columns by that
breakdown instead of by its declared components, and the page adds a view by SEF
component of those items alone (:func:`by_component`): which parts of the job the
cohort, and each trainee, can and cannot see.

>>> share(3.0, 4.0), share(0.0, 0.0)
(75.0, nan)
"""

from __future__ import annotations

import base64
import html
import io
import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ...data.team import COMPONENT_LABELS, COMPONENTS
from . import autograde, sandbox
from .declare import load
from .pool import autograded_folder, course_directory, failures, quiet_gradebook, state_folder

INTEGRATION = "integration"
WRITTEN = "written (graded by hand)"


def share(points: float, out_of: float) -> float:
    """Points as a percentage of what was available (NaN when nothing was)."""
    return round(100.0 * points / out_of, 1) if out_of else math.nan


@dataclass
class Cohort:
    """Everything the report shows, as tables."""

    assignment: str
    items: pd.DataFrame  # trainee x grade id: points (NaN: waits for a grader)
    max_points: dict[str, float]
    components: pd.DataFrame  # trainee x column (components, integration, written): percent
    verdicts: dict[str, list[dict]]  # trainee -> the verdicts of their autograded notebook
    misconceptions: pd.DataFrame
    missed: pd.DataFrame
    unsandboxed: list[str] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    set_aside: list[tuple[str, str]] = field(default_factory=list)
    feedback: dict[str, str] = field(default_factory=dict)  # trainee -> feedback file
    #: The items that report by SEF component, and their view: trainee x component percent, the cohort's.
    broken_down: list[str] = field(default_factory=list)
    by_component: pd.DataFrame = field(default_factory=pd.DataFrame)
    cohort_by_component: pd.DataFrame = field(default_factory=pd.DataFrame)
    not_assessed: list[str] = field(default_factory=list)  # trainees none of whose such answers was assessed


def cohort(course, assignment: str) -> Cohort:
    """Read the cohort's grades of ``assignment`` from the gradebook and the autograded notebooks."""
    import nbformat
    from nbgrader.api import Gradebook

    coursedir = course_directory(course)
    declared = load(coursedir.root, assignment, source_dir=coursedir.source_directory)
    rows, max_points, verdicts, notes, unsandboxed, feedback = {}, {}, {}, {}, [], {}
    with quiet_gradebook(), Gradebook(coursedir.db_url, coursedir.course_id) as gb:
        found = gb.find_assignment(assignment)
        for nb in found.notebooks:
            for cell in nb.grade_cells:
                max_points[cell.name] = float(cell.max_score)
        for sub in sorted(found.submissions, key=lambda s: s.student.id):
            student = sub.student.id
            row = {}
            for nb in sub.notebooks:
                for grade in nb.grades:
                    waiting = grade.auto_score is None and grade.manual_score is None
                    row[grade.name] = math.nan if waiting else float(grade.score)
            rows[student] = row
    for student in rows:
        folder = autograded_folder(coursedir, student, assignment)
        path = folder / f"{declared.notebook}.ipynb"
        if path.is_file():
            nb = nbformat.read(str(path), as_version=4)
            verdicts[student] = autograde.verdicts(nb)
            noted = autograde.notes(nb)
            listed = list(noted.get("notes", []))
            if noted.get("unreadable"):  # everything else about it follows from that
                listed = [f"{declared.notebook}.ipynb could not be read as a notebook "
                          f"({noted.get('unreadable_why', 'not a notebook')}): it scores 0, and its feedback "
                          "asks the trainee to save it again in JupyterLab and hand it in"]
            elif len(listed) > 4:
                listed = listed[:4] + [f"and {len(listed) - 4} more (in the autograded notebook's metadata)"]
            notes[student] = listed
            mark = sandbox.marker(nb)
            if mark is not None and not mark.get("sandboxed", False):
                unsandboxed.append(student)
        fb = Path(coursedir.format_path(coursedir.feedback_directory, student, assignment)) / f"{declared.notebook}.html"
        if fb.is_file():
            feedback[student] = str(fb)
    # A submission whose grading failed has no grades yet: it is listed apart, with its reason.
    failed = {k: v["reason"] for k, v in failures(coursedir, assignment).items() if k not in verdicts}
    rows = {s: r for s, r in rows.items() if s not in failed}
    items = pd.DataFrame.from_dict(rows, orient="index", columns=list(max_points)).sort_index()
    items.index.name = "trainee"
    graded = {s: v for s, v in verdicts.items() if s in items.index}
    split = breakdowns(graded, declared)
    assessed = breakdowns(graded, declared, unassessed=False)
    trainees, whole = by_component(assessed)
    return Cohort(assignment, items, max_points, components_table(items, max_points, declared, split), verdicts,
                  _misconceptions(verdicts, declared), _missed(items, max_points, verdicts, declared),
                  unsandboxed, notes, failed, _set_aside(coursedir, assignment), feedback,
                  sorted({g for per in split.values() for g in per}), trainees.reindex(items.index), whole,
                  [s for s in items.index if s in split and s not in assessed])


def _read_breakdown(found) -> dict[str, tuple[float, float]] | None:
    """A verdict's stored breakdown (component -> (earned, available) points), or None if it has none."""
    if not isinstance(found, dict) or not found:
        return None
    try:
        parts = {str(c): (float(pair[0]), float(pair[1])) for c, pair in found.items()}
    except (TypeError, ValueError, IndexError, KeyError):
        return None
    if any(c not in COMPONENTS or not 0 <= e <= a or a <= 0 for c, (e, a) in parts.items()):
        return None
    return parts


def breakdowns(verdicts: dict[str, list[dict]], declared, *,
               unassessed: bool = True) -> dict[str, dict[str, dict[str, tuple[float, float]]]]:
    """trainee -> grade id -> component -> (points earned, available), for the items that report by component.

    An item reports by component when the verdict of at least one trainee carries a
    breakdown (``components``, written by :class:`~sefkit.classroom.grading.check.Verdict`).
    A trainee whose answer to it was never assessed (not answered, not accepted, of
    the wrong kind) has no breakdown: their points on it (none) count over the item's
    declared components, evenly, or (``unassessed=False``) not at all. Old verdicts,
    kept before breakdowns existed, read as having none.

    >>> from sefkit.classroom.grading.declare import Assignment, Item
    >>> item = Item("x", answer="x", points=2, components=("calls", "hygiene"), key=lambda ctx: 1)
    >>> seen = {"ann": [{"grade_id": "x", "points": 1.0, "max_points": 2.0,
    ...                  "components": {"calls": [1.0, 1.5], "hygiene": [0.0, 0.5]}}],
    ...         "bob": [{"grade_id": "x", "points": 0.0, "max_points": 2.0, "status": "unanswered"}]}
    >>> breakdowns(seen, Assignment("demo", items=[item]))
    {'ann': {'x': {'calls': (1.0, 1.5), 'hygiene': (0.0, 0.5)}}, 'bob': {'x': {'calls': (0.0, 1.0), 'hygiene': (0.0, 1.0)}}}
    >>> list(breakdowns(seen, Assignment("demo", items=[item]), unassessed=False))
    ['ann']
    """
    declared_items = {i.grade_id: i for i in declared.items}
    stored = {s: {v.get("grade_id"): _read_breakdown(v.get("components")) for v in vs if isinstance(v, dict)}
              for s, vs in verdicts.items()}
    reporting = [g for g in declared_items if any(per.get(g) for per in stored.values())]
    found: dict[str, dict] = {}
    for student, vs in verdicts.items():
        for v in vs:
            gid = v.get("grade_id") if isinstance(v, dict) else None
            if gid not in reporting:
                continue
            parts = stored[student].get(gid)
            if parts is None and not unassessed:
                continue
            if parts is None:
                tags = declared_items[gid].components
                points, out_of = float(v.get("points") or 0.0), float(v.get("max_points") or declared_items[gid].points)
                parts = {c: (points / len(tags), out_of / len(tags)) for c in tags}
            found.setdefault(student, {})[gid] = parts
    return found


def by_component(split: dict[str, dict[str, dict[str, tuple[float, float]]]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The view by SEF component of the items that report it (:func:`breakdowns`).

    Returns (trainee x component: percent of the points available to that trainee
    on that component, NaN where none were; the cohort: per component, the points
    won and available over every trainee and their percent). In the capstone a
    component's cohort percent is the share of the cohort's reps whose true
    constraint it is that were diagnosed right.

    >>> split = {"ann": {"x": {"calls": (1.0, 1.0), "hygiene": (0.0, 1.0)}}, "bob": {"x": {"calls": (1.0, 2.0)}}}
    >>> trainees, cohort = by_component(split)
    >>> trainees.to_dict("index")
    {'ann': {'Sales calls': 100.0, 'Pipeline hygiene': 0.0}, 'bob': {'Sales calls': 50.0, 'Pipeline hygiene': nan}}
    >>> cohort.loc["Sales calls"].tolist()
    [2.0, 3.0, 66.7]
    """
    earned: dict[str, dict[str, float]] = {}
    available: dict[str, dict[str, float]] = {}
    for student, per_item in split.items():
        for parts in per_item.values():
            for c, (e, a) in parts.items():
                earned.setdefault(student, {}).setdefault(c, 0.0)
                available.setdefault(student, {}).setdefault(c, 0.0)
                earned[student][c] += e
                available[student][c] += a
    seen = [c for c in COMPONENTS if any(c in per for per in available.values())]
    labels = [COMPONENT_LABELS[c] for c in seen]
    students = sorted(split)
    trainees = pd.DataFrame([[share(earned[s].get(c, 0.0), available[s].get(c, 0.0)) for c in seen] for s in students],
                            index=pd.Index(students, name="trainee"), columns=labels)
    won = [sum(earned[s].get(c, 0.0) for s in students) for c in seen]
    out_of = [sum(available[s].get(c, 0.0) for s in students) for c in seen]
    cohort = pd.DataFrame({"points won": won, "points available": out_of,
                           "%": [share(w, o) for w, o in zip(won, out_of, strict=True)]},
                          index=pd.Index(labels, name="SEF component"))
    return trainees, cohort


def components_table(items: pd.DataFrame, max_points: dict, declared, split: dict | None = None) -> pd.DataFrame:
    """trainee x column (components, integration, written): the percent of the points won (NaN: waiting)."""
    split = split or {}
    reporting = {g for per in split.values() for g in per}
    columns: dict[str, list[str]] = {c: [] for c in COMPONENTS}
    columns[INTEGRATION] = []
    for item in declared.items:
        if item.integration:
            columns[INTEGRATION].append(item.grade_id)
        elif item.grade_id not in reporting:
            for component in item.components:
                columns[component].append(item.grade_id)
    declared_ids = {i.grade_id for i in declared.items}
    columns[WRITTEN] = [g for g in max_points if g not in declared_ids]
    # Items that report by component add, per trainee, what their breakdown gives each component.
    extra = {c: pd.Series(0.0, index=items.index) for c in COMPONENTS}
    extra_out_of = {c: pd.Series(0.0, index=items.index) for c in COMPONENTS}
    for student, per_item in split.items():
        if student not in items.index:
            continue
        for parts in per_item.values():
            for c, (e, a) in parts.items():
                extra[c][student] += e
                extra_out_of[c][student] += a
    table = {}
    for name, ids in columns.items():
        broken = name in extra and bool(extra_out_of[name].any())
        if not ids and not broken:
            continue
        label = COMPONENT_LABELS.get(name, name)
        out_of = sum(max_points[g] for g in ids) + (extra_out_of[name] if broken else 0.0)
        won = items[ids].fillna(0).sum(axis=1) + (extra[name] if broken else 0.0)
        out_of = out_of if isinstance(out_of, pd.Series) else pd.Series(out_of, index=items.index)
        # Manual grades count once entered; a column still waiting for a grader shows as empty.
        waiting = items[ids].isna().any(axis=1)
        table[label] = [math.nan if w else share(s, o) for s, o, w in zip(won, out_of, waiting, strict=True)]
    result = pd.DataFrame(table, index=items.index)
    return result


def _misconceptions(verdicts: dict[str, list[dict]], declared) -> pd.DataFrame:
    rows = []
    for item in declared.items:
        answered = [v for vs in verdicts.values() for v in vs if v["grade_id"] == item.grade_id
                    and v["status"] in ("correct", "partial", "wrong")]
        for number, m in enumerate(item.misconceptions):
            count = sum(1 for v in answered if v["status"] == "wrong" and v.get("misconception") == number)
            if count:
                rows.append({"item": item.grade_id, "trainees": count, "answered": len(answered),
                             "message": m.message})
    table = pd.DataFrame(rows, columns=["item", "trainees", "answered", "message"])
    return table.sort_values(["trainees", "item"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _missed(items: pd.DataFrame, max_points: dict, verdicts: dict, declared) -> pd.DataFrame:
    kinds = {i.grade_id: (INTEGRATION if i.integration else ", ".join(COMPONENT_LABELS.get(c, c) for c in i.components))
             for i in declared.items}
    rows = []
    for gid, out_of in max_points.items():
        scores = items[gid].dropna()
        if scores.empty:
            continue
        unanswered = sum(1 for vs in verdicts.values() for v in vs
                         if v["grade_id"] == gid and v["status"] in ("unanswered", "rejected"))
        rows.append({"item": gid, "kind": kinds.get(gid, WRITTEN), "missed": int((scores < out_of).sum()),
                     "graded": len(scores), "not answered": unanswered,
                     "average %": share(scores.mean(), out_of)})
    table = pd.DataFrame(rows, columns=["item", "kind", "missed", "graded", "not answered", "average %"])
    return table.sort_values(["missed", "average %"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _set_aside(coursedir, assignment: str) -> list[tuple[str, str]]:
    try:
        return [tuple(x) for x in json.loads((state_folder(coursedir, assignment) / "set_aside.json").read_text())]
    except (OSError, ValueError):
        return []


def save_set_aside(course, assignment: str, set_aside: list[tuple[str, str]]) -> None:
    """Keep the files the intake set aside, for the report to list."""
    folder = state_folder(course_directory(course), assignment)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "set_aside.json").write_text(json.dumps([list(x) for x in set_aside], indent=1))


# -- the page ----------------------------------------------------------------------------------


def heatmap(data: Cohort, table: pd.DataFrame | None = None, title: str = "") -> bytes:
    """The trainee x component heatmap (``data.components``, or ``table``), as PNG bytes."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    import seaborn as sns

    table = data.components if table is None else table
    height = max(3.0, 0.32 * len(table) + 1.8)
    fig, ax = plt.subplots(figsize=(1.25 * max(len(table.columns), 3) + 2.5, height))
    sns.heatmap(table, annot=True, fmt=".0f", vmin=0, vmax=100, cmap="RdYlGn", linewidths=0.5,
                cbar_kws={"label": "% of the points"}, ax=ax, mask=table.isna())
    ax.set_facecolor("#dddddd")  # grey: a written answer still waiting for a grader
    ax.set_xlabel("")
    ax.set_ylabel("trainee")
    ax.set_title(title or f"{data.assignment}: points won per SEF component (grey: waiting for a grader)")
    ax.tick_params(axis="x", labelrotation=30)
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=110)
    plt.close(fig)
    return out.getvalue()


def _table(frame: pd.DataFrame, links: dict[str, str] | None = None) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in [frame.index.name or "", *frame.columns])
    body = []
    for index, row in frame.iterrows():
        name = html.escape(str(index))
        if links and index in links:
            name = f'<a href="{html.escape(links[index])}">{name}</a>'
        cells = "".join(f"<td>{'' if isinstance(v, float) and math.isnan(v) else html.escape(f'{v:g}' if isinstance(v, float) else str(v))}</td>"
                        for v in row)
        body.append(f"<tr><th>{name}</th>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _by_component_section(data: Cohort, links: dict[str, str]) -> list[str]:
    """The page's view by SEF component of the items that report it (nothing if none does)."""
    if data.by_component.empty:
        return []
    named = ", ".join(f"<code>{html.escape(g)}</code>" for g in data.broken_down)
    left_out = (f" Left out: {len(data.not_assessed)} trainee(s) none of whose answers to them could be assessed "
                f"(not answered, not accepted, faked: {html.escape(', '.join(data.not_assessed))}); they score "
                "nothing on these items, and count so in the columns above." if data.not_assessed else "")
    image = base64.b64encode(heatmap(data, data.by_component, f"{data.assignment}: {', '.join(data.broken_down)} "
                                     "by SEF component (grey: no such rep, or no answer assessed)")).decode()
    weakest = data.cohort_by_component["%"].idxmin()
    return [
        "<h2 id='by-sef-component'>By SEF component</h2>",
        f"<p>{named} say where their points were won, part of the job by part of the job (in the capstone: "
        "each rep's diagnosis counts under that rep's <i>true</i> binding constraint). Each row below is the "
        "share of those points the cohort won on that component: which parts of the job it can and cannot "
        f"see. The weakest here: <b>{html.escape(weakest)}</b>.{left_out}</p>",
        _table(data.cohort_by_component.round(1)),
        f"<img alt='trainee by SEF component heatmap of {html.escape(', '.join(data.broken_down))}' "
        f"src='data:image/png;base64,{image}'>",
        _table(data.by_component.dropna(how="all"), links),
    ]


def page(data: Cohort, folder: Path) -> str:
    """The report as one self-contained HTML page (links to feedback relative to ``folder``)."""
    image = base64.b64encode(heatmap(data)).decode()
    links = {s: os.path.relpath(p, folder) for s, p in data.feedback.items()}
    total = data.items.sum(axis=1, min_count=1)
    overview = data.components.copy()
    overview.insert(0, "total points", [f"{t:g} of {sum(data.max_points.values()):g}" for t in total.fillna(0)])
    overview["feedback"] = ["yes" if s in links else "not yet" for s in overview.index]
    lines = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{html.escape(data.assignment)}: cohort report</title>",
        "<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:75em}"
        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;"
        "text-align:right}th{background:#f4f4f4}td:last-child,th:first-child{text-align:left}"
        ".warn{color:#a00}</style></head><body>",
        f"<h1>{html.escape(data.assignment)}: what the cohort has put together</h1>",
        f"<p>{len(data.items)} trainees graded. Each column is the share of the points won on that "
        "SEF component's single-component items (and of the items that say where their points were won, "
        "by component: see below); <b>integration</b> is the items that need several "
        "parts of the job put together; written answers count once a facilitator has graded them "
        "(grey until then). Each trainee's name links to their feedback.</p>",
    ]
    if data.unsandboxed:
        lines.append(f"<p class='warn'>Graded without the sandbox: {html.escape(', '.join(data.unsandboxed))}.</p>")
    lines += [f"<img alt='trainee by SEF component heatmap' src='data:image/png;base64,{image}'>",
              "<h2>Trainees</h2>", _table(overview, links)]
    lines += _by_component_section(data, links)
    lines.append("<h2>Items most missed</h2>")
    lines.append(_table(data.missed.set_index("item")))
    lines.append("<h2>The most common misconceptions</h2>")
    if data.misconceptions.empty:
        lines.append("<p>No wrong answer matched a known misconception.</p>")
    else:
        lines.append("<ul>" + "".join(
            f"<li><b>{r.trainees} of {r.answered}</b> who answered <code>{html.escape(r.item)}</code>: "
            f"{html.escape(r.message)}</li>" for r in data.misconceptions.itertuples()) + "</ul>")
    if data.failed:
        lines.append("<h2 class='warn'>Submissions that could not be graded</h2><ul>" + "".join(
            f"<li><b>{html.escape(s)}</b>: {html.escape(why)}</li>" for s, why in sorted(data.failed.items())) + "</ul>")
    noted = {s: n for s, n in data.notes.items() if n}
    if noted:
        lines.append("<h2>Notes on submissions</h2><ul>" + "".join(
            f"<li><b>{html.escape(s)}</b>: {html.escape('; '.join(n))}</li>" for s, n in sorted(noted.items())) + "</ul>")
    if data.set_aside:
        lines.append("<h2 class='warn'>Files handed in but not graded</h2><ul>" + "".join(
            f"<li><code>{html.escape(f)}</code>: {html.escape(why)}</li>" for f, why in data.set_aside) + "</ul>")
    lines.append("</body></html>")
    return "\n".join(lines)


def write(course, assignment: str) -> Path:
    """Write the report into ``reports/<assignment>/`` of the course folder; the HTML page's path."""
    coursedir = course_directory(course)
    data = cohort(course, assignment)
    folder = Path(coursedir.root) / "reports" / assignment
    folder.mkdir(parents=True, exist_ok=True)
    data.components.to_csv(folder / "components.csv", float_format="%g")
    items = data.items.copy()
    items["total"] = items.sum(axis=1, min_count=1)
    items.to_csv(folder / "items.csv", float_format="%g")
    data.misconceptions.to_csv(folder / "misconceptions.csv", index=False)
    if not data.by_component.empty:
        data.by_component.to_csv(folder / "by_component.csv", float_format="%g")
        data.cohort_by_component.to_csv(folder / "cohort_by_component.csv", float_format="%g")
    path = folder / "index.html"
    path.write_text(page(data, folder), encoding="utf-8")
    return path
