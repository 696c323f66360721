"""Measure every claim of the course over its seeds and print the figures (sefkit/classroom/claims.py).

    python benchmarks/claims.py            # measure and print; exit 1 if a statement no longer holds
    python benchmarks/claims.py --write    # ... and store them in sefkit/classroom/claims.json (`make claims`)

Run it with ``--write`` after any change to the engine, the scenarios or the
metric modules: ``tests/test_claims.py`` fails until the stored values match the
code, and then names every lesson sentence whose figure has changed. It
simulates each team of a seed once and shares it between claims (about 90 s on
one core for 24 claims over 30 seeds).
"""

import sys

from sefkit.classroom.claims import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
