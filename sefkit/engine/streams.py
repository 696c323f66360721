"""Seeded random numbers with common random numbers for what-if comparisons.

All randomness of a run comes from one ``numpy.random.SeedSequence(seed)``:

* :meth:`Streams.generator` gives an independent generator per mechanism and week,
  for draws whose size does not depend on what happened before (one per rep, one
  per account, one per activity).
* :meth:`Streams.uniforms` gives uniform numbers keyed by an entity (a deal, a rep,
  an activity) and a week, through a counter-based hash. A deal's draws in week 40
  are the same whatever happened to other deals, so a coaching change for one rep
  does not reshuffle the luck of everyone else.

**Replications.** ``Streams(seed, replication=k, from_week=w)`` with ``k > 0`` gives
the same numbers as ``Streams(seed)`` before week ``w`` and other, independent
numbers from ``w`` on: the same history with a different future. Draws keyed by
an entity rather than a week (a new deal's attributes, a meeting's outcome) are
moved to the replication's own numbers with :meth:`Streams.future`, given the
week the entity was born. Replication 0 is the run itself.

>>> s = Streams(7)
>>> a = s.uniforms("deals", np.array([1, 2], dtype=np.uint64), week=3, n=3)
>>> a.shape, bool((a > 0).all() and (a < 1).all())
((2, 3), True)
>>> bool((a == Streams(7).uniforms("deals", np.array([1, 2], dtype=np.uint64), 3, 3)).all())
True
"""

from __future__ import annotations

import numpy as np

#: Every mechanism that draws random numbers, with its fixed stream number.
MECHANISMS = {
    "population": 0,
    "prospecting": 1,
    "meetings": 2,
    "referral": 4,
    "lead_accounts": 5,
    "churn": 6,
    "qualify": 7,
    "deals": 8,
    "keys": 9,
    "activities": 10,
    "decision": 11,
    "calls": 12,
    "product": 13,
}
_WEEK_OFFSET = 1 << 20  # weeks may be negative (warm-up); spawn keys may not
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_WEEK_MUL = np.uint64(0xD6E8FEB86659FD93)
_S30, _S27, _S31, _S32 = (np.uint64(k) for k in (30, 27, 31, 32))
_LOW32 = np.uint64(0xFFFFFFFF)
_STEPS = np.arange(1, 33, dtype=np.uint64) * _GOLDEN
_PART_MULTIPLIERS = (
    np.random.SeedSequence(20250106).generate_state(8, np.uint64) | np.uint64(1)
)  # fixed odd constants


def mix(z: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser: scrambles 64-bit integers (a new array)."""
    z = z ^ (z >> _S30)
    z *= _M1
    z ^= z >> _S27
    z *= _M2
    z ^= z >> _S31
    return z


class Streams:
    """The random streams of one run, all derived from ``seed``."""

    def __init__(self, seed: int, replication: int = 0, from_week: int = 0):
        self.seed = int(seed)
        self.replication = int(replication)
        self.from_week = int(from_week)
        self._keys = {
            name: np.random.SeedSequence(self.seed, spawn_key=(1000 + i,)).generate_state(1, np.uint64)[0]
            for name, i in MECHANISMS.items()
        }
        self._salt = np.uint64(0) if self.replication == 0 else (
            np.random.SeedSequence(self.seed, spawn_key=(2000, self.replication)).generate_state(1, np.uint64)[0])

    def generator(self, mechanism: str, week: int = 0) -> np.random.Generator:
        """An independent generator for ``mechanism`` in ``week``."""
        key = (MECHANISMS[mechanism], week + _WEEK_OFFSET)
        if self.replication and week >= self.from_week:
            key = (*key, self.replication)
        return np.random.Generator(np.random.PCG64(np.random.SeedSequence(self.seed, spawn_key=key)))

    def future(self, keys: np.ndarray, weeks) -> np.ndarray:
        """``keys`` of entities born in ``weeks``, moved to this replication's numbers from ``from_week`` on.

        >>> s, r = Streams(3), Streams(3, replication=2, from_week=10)
        >>> k = np.array([5, 5], dtype=np.uint64)
        >>> (r.future(k, np.array([9, 10])) == s.future(k, np.array([9, 10]))).tolist()
        [True, False]
        """
        keys = np.asarray(keys, dtype=np.uint64)
        if not self.replication:
            return keys
        return np.where(np.asarray(weeks) >= self.from_week, keys ^ self._salt, keys)

    def keys(self, *parts: np.ndarray) -> np.ndarray:
        """A 64-bit identity for each row of integer arrays (for example rep, week, index)."""
        z = np.full(np.broadcast(*parts).shape, self._keys["keys"], dtype=np.uint64)
        for mult, p in zip(_PART_MULTIPLIERS, parts, strict=False):
            z += np.asarray(p).astype(np.int64).astype(np.uint64) * mult
        return mix(mix(z))

    def uniforms(self, mechanism: str, keys: np.ndarray, week: int, n: int) -> np.ndarray:
        """``(len(keys), n)`` uniform numbers in (0, 1) for ``keys`` in ``week``."""
        keys = np.asarray(keys, dtype=np.uint64)
        if self.replication and week >= self.from_week:
            keys = keys ^ self._salt
        wk = np.array([week + _WEEK_OFFSET], dtype=np.uint64) * _WEEK_MUL
        base = mix(keys ^ self._keys[mechanism]) + wk
        half = (n + 1) // 2
        h = mix(base[:, None] + _STEPS[:half])
        out = np.empty((keys.size, 2 * half))
        out[:, 0::2] = h >> _S32
        out[:, 1::2] = h & _LOW32
        out += 0.5
        out *= 2.0**-32
        return out[:, :n]


def normal(u1: np.ndarray, u2: np.ndarray) -> np.ndarray:
    """Standard normal numbers from two arrays of uniforms (Box-Muller).

    >>> float(normal(np.array([np.exp(-0.5)]), np.array([0.0]))[0])
    1.0
    """
    return np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)


def poisson(lam: np.ndarray, u: np.ndarray, u2: np.ndarray | None = None) -> np.ndarray:
    """Poisson counts by inverting the distribution at uniforms ``u``.

    Means above :data:`POISSON_EXACT_UP_TO` use the normal approximation
    ``round(lam + sqrt(lam) z)`` with ``z`` from ``u`` and a second, independent
    uniform ``u2`` (Box-Muller), whose error is far below the count's own spread.

    >>> poisson(np.array([0.0, 1.0, 1.0]), np.array([0.9, 0.3, 0.9])).tolist()
    [0, 0, 2]
    >>> int(poisson(np.array([1000.0]), np.array([0.5]), np.array([0.25]))[0])
    1000
    """
    lam = np.asarray(lam, dtype=float)
    u = np.asarray(u, dtype=float)
    big = lam > POISSON_EXACT_UP_TO
    small_lam = np.where(big, 0.0, lam)
    k = np.zeros(lam.shape, dtype=np.int64)
    p = np.exp(-small_lam)
    cdf = p.copy()
    top = float(small_lam.max()) if small_lam.size else 0.0
    for i in range(1, int(top + 15 * np.sqrt(top) + 30)):
        more = u > cdf
        if not more.any():
            break
        k += more
        p = p * small_lam / i
        cdf = cdf + p
    if big.any():
        if u2 is None:
            raise ValueError(f"a Poisson mean above {POISSON_EXACT_UP_TO:.0f} needs a second uniform (u2)")
        z = normal(np.maximum(u[big], 1e-300), np.asarray(u2, dtype=float)[big])
        k[big] = np.maximum(np.round(lam[big] + np.sqrt(lam[big]) * z), 0).astype(np.int64)
    return k


#: Largest mean :func:`poisson` inverts exactly.
POISSON_EXACT_UP_TO = 200.0


def sigmoid(x):
    """The logistic function 1 / (1 + e^-x).

    >>> float(sigmoid(0.0))
    0.5
    """
    return 1.0 / (1.0 + np.exp(-x))
