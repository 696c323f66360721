"""The SEF map: the seven parts of a seller's job and how they feed each other.

The map is data (:data:`SEF_LINKS`), so the picture, the lesson text and the tests
all read the same list; :func:`sef_map` draws it, with the components' names from
:data:`sefkit.data.team.COMPONENT_LABELS`.

>>> [link for link in SEF_LINKS if link[0] == "hygiene"][0][:2]
('hygiene', 'forecasting')
"""

from __future__ import annotations

import textwrap

from ..data.team import COMPONENT_LABELS, COMPONENTS

#: How the parts feed each other: (from, to, what flows). The first seven are
#: mechanisms of the simulation (docs/MODEL.md): the first six follow a deal from
#: account to forecast, the seventh is the hidden commitment that qualification reads
#: and decisions depend on. The last two are the manager's planning loop, which the
#: lessons work through: the win rate sets how much pipeline prospecting must find
#: (lesson 5), and the forecast shapes next quarter's plan.
SEF_LINKS = (
    ("territory", "prospecting", "effort on high-fit accounts"),
    ("prospecting", "qualification", "new opportunities, weeks later"),
    ("qualification", "calls", "deals worth working"),
    ("calls", "deal_management", "deals moved forward"),
    ("deal_management", "hygiene", "deals won, lost or stalled"),
    ("hygiene", "forecasting", "honest stages and close dates"),
    ("qualification", "deal_management", "real commitment wins more"),
    ("deal_management", "prospecting", "win rate sets the pipeline needed"),
    ("forecasting", "territory", "next quarter's plan"),
)


#: Widest line of a component's box on the map (longer names wrap).
BOX_WIDTH = 12


def sef_map(ax=None):
    """Draw the seven parts of the job in a circle with the links between them.

    Args:
        ax: a matplotlib Axes to draw on (None: a new figure).

    Returns:
        The Axes.

    >>> ax = sef_map()
    >>> sorted(t.get_text() for t in ax.texts if "\\n" in t.get_text() and "management" in t.get_text())
    ['Deal\\nmanagement']
    """
    import matplotlib.pyplot as plt
    import numpy as np

    if ax is None:
        _, ax = plt.subplots(figsize=(10, 8))
    angles = np.pi / 2 - 2 * np.pi * np.arange(len(COMPONENTS)) / len(COMPONENTS)
    pos = {c: np.array([np.cos(a), np.sin(a)]) for c, a in zip(COMPONENTS, angles, strict=True)}
    boxes = {
        c: ax.text(x, y, textwrap.fill(COMPONENT_LABELS[c], BOX_WIDTH), ha="center", va="center", fontsize=12,
                   zorder=3, bbox={"boxstyle": "round,pad=0.5", "facecolor": "#dbe9f6", "edgecolor": "#1f5f99"})
        for c, (x, y) in pos.items()
    }
    for source, target, label in SEF_LINKS:
        # Arrows run from box edge to box edge; drawn after the boxes, whose outline they need.
        ax.annotate("", xy=(0.5, 0.5), xycoords=boxes[target], xytext=(0.5, 0.5), textcoords=boxes[source],
                    zorder=5, arrowprops={"arrowstyle": "-|>", "color": "#555555", "lw": 1.4,
                                         "mutation_scale": 16, "shrinkA": 3, "shrinkB": 3,
                                         "patchA": boxes[source].get_bbox_patch(),
                                         "patchB": boxes[target].get_bbox_patch()})
        middle = (pos[source] + pos[target]) / 2
        # Links between neighbours get their label outside the circle; the links across
        # it carry theirs on the arrow itself, above it, so no other line runs through.
        outside = np.linalg.norm(middle) > 0.8
        ax.text(*(middle * 1.2 if outside else middle), textwrap.fill(label, 18), ha="center", va="center",
                fontsize=9, color="#333333", zorder=4 if outside else 6,
                bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.95})
    ax.set_xlim(-1.45, 1.45)
    ax.set_ylim(-1.3, 1.3)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title("The Sales Execution Framework: one system, each part feeding the next")
    return ax
