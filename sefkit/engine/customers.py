"""Customers: who is one, who leaves, and the referral and expansion leads they bring.

An account becomes a customer when a deal on it is won. Each week every customer
leaves with probability ``churn_per_customer_quarter / 13``. Customers bring two
kinds of new opportunities each week (Poisson counts per rep):

* referrals: ``referrals_per_customer_quarter / 13`` per customer, on non-customer
  accounts of the territory picked with weight ``exp(2 x icp_fit)``;
* expansion: ``expansions_per_customer_quarter / 13`` per customer, on one of the
  rep's customers (a smaller deal, ``deals.expansion_size`` of the account's potential).

Customer experience is the ``customer_experience`` section: better experience means
more referrals and expansion and less churn.
"""

from __future__ import annotations

import numpy as np

from .population import Population
from .prospecting import pick_accounts
from .store import EXPANSION, REFERRAL
from .streams import Streams, poisson
from .timeline import WEEKS


class Customers:
    """The customer base of a run, updated week by week."""

    def __init__(self, pop: Population, streams: Streams):
        self.pop = pop
        self.streams = streams
        self.is_customer = pop.customer0.copy()
        self.n = len(pop.rep_ids)
        self._rep_keys = streams.keys(np.arange(self.n))
        self._fit_weight = np.exp(2.0 * pop.fit).reshape(self.n, -1)

    def leads(self, week: int, cx: dict) -> dict[str, np.ndarray]:
        """This week's referral and expansion leads: arrays ``rep, account, key, source``."""
        per_rep = np.bincount(self.pop.account_rep[self.is_customer], minlength=self.n)
        u = self.streams.uniforms("referral", self._rep_keys, week, 2)
        n_ref = poisson(cx["referrals_per_customer_quarter"] / WEEKS * per_rep, u[:, 0])
        n_exp = poisson(cx["expansions_per_customer_quarter"] / WEEKS * per_rep, u[:, 1])
        out = {"rep": [], "account": [], "key": [], "source": []}
        cust = self.is_customer.reshape(self.n, -1)
        for counts, source, weights in (
            (n_ref, REFERRAL, self._fit_weight * ~cust),
            (n_exp, EXPANSION, cust.astype(float)),
        ):
            total = int(counts.sum())
            if total == 0:
                continue
            rep = np.repeat(np.arange(self.n), counts)
            index = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
            keys = self.streams.keys(np.full(total, source), rep, np.full(total, week), index)
            ua = self.streams.uniforms("expansion", keys, week, 1)[:, 0]
            out["rep"].append(rep)
            out["account"].append(pick_accounts(weights, rep, ua))
            out["key"].append(keys)
            out["source"].append(np.full(total, source))
        dtypes = {"rep": np.int64, "account": np.int64, "key": np.uint64, "source": np.int8}
        return {k: (np.concatenate(v).astype(dtypes[k]) if v else np.empty(0, dtypes[k])) for k, v in out.items()}

    def update(self, week: int, won_accounts: np.ndarray, cx: dict) -> None:
        """Won accounts become customers; some customers leave."""
        self.is_customer[won_accounts] = True
        u = self.streams.generator("churn", week).random(self.is_customer.size)
        self.is_customer &= ~(u < cx["churn_per_customer_quarter"] / WEEKS)
