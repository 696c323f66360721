"""The pictures: charts (:mod:`~sefkit.pictures.plots`), the SEF map
(:mod:`~sefkit.pictures.sef_map`) and the lessons' interactive widgets
(:mod:`~sefkit.pictures.widgets`).

Pictures only draw what the analytics return; no metric is worked out here.
"""
