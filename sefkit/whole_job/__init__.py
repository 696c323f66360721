"""The whole job: the components read together.

:mod:`~sefkit.whole_job.system` builds each rep's scorecard across the six components and
diagnoses the binding constraint; :mod:`~sefkit.whole_job.coaching` plans the manager's
coaching minutes and measures a plan's expected effect over many simulated replications;
:mod:`~sefkit.whole_job.comparison` sets teams (scenarios) side by side, one component
measure at a time, quarter by quarter; :mod:`~sefkit.whole_job.evidence` traces a missed
quarter back along the chain and says how sure a diagnosis is;
:mod:`~sefkit.whole_job.qualification_bar` measures the expected effect of one rep's
qualification bar on coverage, win rate, cycle and money won.
"""
