"""Random streams: reproducible, independent, and keyed for common random numbers."""

from __future__ import annotations

import numpy as np

from sefkit.engine.streams import Streams, normal, poisson


def test_generators_are_reproducible_and_independent_per_mechanism_and_week():
    s = Streams(5)
    a = s.generator("prospecting", 3).random(5)
    assert np.array_equal(a, Streams(5).generator("prospecting", 3).random(5))
    assert not np.array_equal(a, s.generator("prospecting", 4).random(5))
    assert not np.array_equal(a, s.generator("population", 3).random(5))
    assert not np.array_equal(a, Streams(6).generator("prospecting", 3).random(5))
    assert not np.array_equal(s.generator("prospecting", -3).random(5), s.generator("prospecting", 3).random(5))


def test_keyed_uniforms_do_not_depend_on_the_other_keys_drawn():
    s = Streams(1)
    keys = s.keys(np.arange(50), np.full(50, 7))
    full = s.uniforms("deals", keys, week=12, n=5)
    assert np.array_equal(full[10:20], s.uniforms("deals", keys[10:20], week=12, n=5))
    assert np.array_equal(full[::-1], s.uniforms("deals", keys[::-1], week=12, n=5))
    assert not np.array_equal(full, s.uniforms("deals", keys, week=13, n=5))
    assert not np.array_equal(full, s.uniforms("qualify", keys, week=12, n=5))
    assert full.min() > 0 and full.max() < 1


def test_keys_are_distinct_and_uniforms_look_uniform():
    s = Streams(2)
    rep, week, index = np.meshgrid(np.arange(40), np.arange(-30, 110), np.arange(40), indexing="ij")
    keys = s.keys(np.zeros(rep.size, int), rep.ravel(), week.ravel(), index.ravel())
    assert np.unique(keys).size == keys.size
    u = s.uniforms("deals", keys, 0, 4)
    assert abs(u.mean() - 0.5) < 0.005 and abs(u.std() - np.sqrt(1 / 12)) < 0.005
    assert abs(np.corrcoef(u[:, 0], u[:, 1])[0, 1]) < 0.01
    hist = np.histogram(u[:, 2], bins=10, range=(0, 1))[0] / len(u)
    assert np.allclose(hist, 0.1, atol=0.005)


def test_normal_and_poisson_transforms_have_the_right_moments():
    u = np.random.default_rng(0).random((3, 200_000))
    z = normal(u[0], u[1])
    assert abs(z.mean()) < 0.01 and abs(z.std() - 1) < 0.01
    k = poisson(np.full(u.shape[1], 2.5), u[2])
    assert abs(k.mean() - 2.5) < 0.02 and abs(k.var() - 2.5) < 0.05
    assert poisson(np.zeros(3), np.array([0.1, 0.5, 0.99])).tolist() == [0, 0, 0]
