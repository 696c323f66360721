"""The simulation engine behind :func:`sefkit.simulate`: one small module per mechanism.

* :mod:`.scenario` - the scenarios: named, validated sets of parameters
* :mod:`.simulation` - :func:`~sefkit.engine.simulation.simulate` and what-if runs from a week on
* :mod:`.plans` - coaching plans: the one format and the one check every entry point uses
* :mod:`.streams` - seeded random numbers (common random numbers for what-if runs, replications)
* :mod:`.timeline` - weeks, quarters and the parameters in force each week
* :mod:`.population` - reps, accounts, starting skills and weekly hours
* :mod:`.skills` - coaching minutes, how skills grow or fade, and the weakest-link chain
* :mod:`.prospecting` - activities, the funnel to meetings, and marketing leads
* :mod:`.customers` - customers, churn, referrals and expansion leads
* :mod:`.qualification` - a new deal's hidden commitment, the rep's scoring, admission
* :mod:`.progress` - deal hours, calls, stalls and decisions each week
* :mod:`.hygiene` - closing dead deals out and keeping close dates honest
* :mod:`.forecasting` - perceived win chances, forecast categories, weekly calls
* :mod:`.store` - the arrays of deals and the event logs
* :mod:`.loop` - the weekly loop that ties them together: a run, started fresh or resumed, and its checkpoints
* :mod:`.tables` - turning arrays into the contract's DataFrames
* :mod:`.outcomes` - what a run won per rep and quarter, straight from its arrays

Everything is vectorised across reps and deals with numpy; only weeks are looped.
docs/MODEL.md explains each mechanism, its parameters and their sources.
"""
