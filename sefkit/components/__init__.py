"""One module per Sales Execution Framework component: the metrics of each part of the job.

:mod:`~sefkit.components.territory`, :mod:`~sefkit.components.prospecting`,
:mod:`~sefkit.components.deals` (qualification and deal management),
:mod:`~sefkit.components.calls`, :mod:`~sefkit.components.pipeline` and
:mod:`~sefkit.components.forecast`. Each metric is defined once, in its component's
module; the whole-job view, the pictures and the lessons call these functions. Trainees
import them short: ``from sefkit import deals, pipeline``.
"""
