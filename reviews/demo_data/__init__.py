"""Invented demo content for `manage.py generate_demo_data` (benchmarks, demos).

Every row the generator makes is recognisable: slugs (and source document
file names) start with `DEMO_PREFIX`; credits, characters, film locations,
ratings and mentions belong to demo films or demo reviews.
"""

DEMO_PREFIX = "demo-"
