"""Customers: who is one, who leaves, and the referral and expansion leads they bring.

An account becomes a customer when a deal on it is won. Each week every customer
leaves with probability ``churn_per_customer_quarter / 13`` (the week it leaves is
drawn when it becomes a customer). Customers bring two kinds of new opportunities
each week (Poisson counts per rep), drawn for a whole quarter at a time from the
customers at the quarter's first week (a simplification: a customer won mid-quarter
starts bringing leads the next quarter):

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
    """The customer base of a run, updated week by week.

    When an account becomes a customer, the week it will leave is drawn at once
    (geometric, from that week's churn rate), so each week's update is a comparison.
    """

    def __init__(self, pop: Population, streams: Streams, first_week: int, cx: dict):
        self.pop = pop
        self.streams = streams
        self.n = len(pop.rep_ids)
        self._fit_weight = np.exp(2.0 * pop.fit).reshape(self.n, -1)
        self._account_keys = streams.keys(np.arange(pop.fit.size))
        self.until = np.full(pop.fit.size, first_week - 1, dtype=np.int64)  # customer while week < until
        first = np.flatnonzero(pop.customer0)
        self.until[first] = first_week + self._stay(first, first_week, cx)
        self._rep_keys = streams.keys(np.arange(self.n))

    def copy(self) -> Customers:
        """An independent copy of the customer base (the leaving weeks are copied, the rest shared read-only)."""
        out = object.__new__(Customers)
        out.__dict__.update(self.__dict__)
        out.until = self.until.copy()
        return out

    def _stay(self, accounts: np.ndarray, week: int, cx: dict) -> np.ndarray:
        """Weeks each new customer stays (at least 1), geometric with the weekly churn rate."""
        rate = cx["churn_per_customer_quarter"] / WEEKS
        if rate <= 0:
            return np.full(accounts.size, 1 << 40, dtype=np.int64)
        u = self.streams.uniforms("churn", self._account_keys[accounts], week, 1)[:, 0]
        if rate >= 1:
            return np.ones(accounts.size, dtype=np.int64)
        return 1 + np.floor(np.log(u) / np.log1p(-rate)).astype(np.int64)

    def customers_at(self, week: int) -> np.ndarray:
        """Which accounts are customers in ``week`` (bool per account)."""
        return self.until > week

    def leads(self, weeks: np.ndarray, cx: dict) -> dict[str, np.ndarray]:
        """Referral and expansion leads for a block of weeks, from the customers of its first week.

        Returns arrays ``week, rep, account, key, source`` sorted by week (referrals
        before expansion within a week).
        """
        w0 = int(weeks[0])
        is_cust = self.customers_at(w0)
        per_rep = np.bincount(self.pop.account_rep[is_cust], minlength=self.n)
        nw = weeks.size
        wk = np.repeat(weeks, self.n)
        rep = np.tile(np.arange(self.n), nw)
        u = self.streams.uniforms("referral", self.streams.future(self.streams.keys(rep, wk), wk), 0, 4)
        cust = is_cust.reshape(self.n, -1)
        a = cust.shape[1]
        out = {"week": [], "rep": [], "account": [], "key": [], "source": []}
        for j, (rate, source) in enumerate(((cx["referrals_per_customer_quarter"], REFERRAL),
                                            (cx["expansions_per_customer_quarter"], EXPANSION))):
            counts = poisson(np.tile(rate / WEEKS * per_rep, nw), u[:, j], u[:, j + 2])
            total = int(counts.sum())
            if total == 0:
                continue
            r = np.repeat(rep, counts)
            w = np.repeat(wk, counts)
            index = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
            keys = self.streams.keys(np.full(total, source), r, w, index)
            ua = self.streams.uniforms("lead_accounts", self.streams.future(keys, w), 0, 1)[:, 0]
            weights = self._fit_weight[r] * ~cust[r] if source == REFERRAL else cust[r].astype(float)
            local = pick_accounts(weights, np.arange(total), ua) - np.arange(total) * a
            out["week"].append(w)
            out["rep"].append(r)
            out["account"].append(r * a + local)
            out["key"].append(keys)
            out["source"].append(np.full(total, source, dtype=np.int8))
        dtypes = {"week": np.int64, "rep": np.int64, "account": np.int64, "key": np.uint64, "source": np.int8}
        arrays = {k: (np.concatenate(v).astype(dtypes[k]) if v else np.empty(0, dtypes[k])) for k, v in out.items()}
        order = np.argsort(arrays["week"], kind="stable")
        return {k: v[order] for k, v in arrays.items()}

    def update(self, week: int, won_accounts: np.ndarray, cx: dict) -> None:
        """Won accounts that were not customers become customers from next week."""
        if won_accounts.size == 0:
            return
        new = np.unique(won_accounts[self.until[won_accounts] <= week + 1])
        if new.size:
            self.until[new] = week + 1 + self._stay(new, week, cx)

    @property
    def is_customer(self) -> np.ndarray:
        """Customers at the end of the run (set by :meth:`finish`)."""
        return self._final

    def finish(self, week: int) -> None:
        """Record who is a customer after the last week."""
        self._final = self.customers_at(week + 1)
