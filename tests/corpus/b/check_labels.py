"""Sanity checks for the corpus in this folder (tests/corpus/b).

Run: .venv/bin/python tests/corpus/b/check_labels.py
Checks every NAME.json parses, follows the label schema, and that every
label string (title, people, characters, locations) appears verbatim in NAME.txt.
"""
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
STYLES = {"programme_note", "festival_catalogue", "encyclopedia",
          "newspaper_review", "blog_post", "press_kit"}
ROLES = {"actor", "director", "writer", "producer", "executive_producer",
         "composer", "sound_designer", "cinematographer", "editor",
         "production_designer", "costume_designer", "casting_director"}
KINDS = {"country", "region", "city", "district", "street", "station",
         "museum", "park", "water", "bridge", "venue", "other"}
USES = {"filming", "setting"}


def check(txt: Path, errors: list) -> dict:
    js = txt.with_suffix(".json")
    name = txt.name
    if not js.exists():
        errors.append(f"{name}: missing {js.name}")
        return {}
    text = txt.read_text(encoding="utf-8")
    try:
        lab = json.loads(js.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        errors.append(f"{js.name}: invalid JSON: {exc}")
        return {}
    if set(lab) != {"style", "split", "film", "people", "locations"}:
        errors.append(f"{js.name}: unexpected keys {sorted(lab)}")
    if lab.get("style") not in STYLES:
        errors.append(f"{js.name}: bad style {lab.get('style')!r}")
    if not name.endswith(f"-{lab.get('style')}.txt"):
        errors.append(f"{name}: filename does not end with its style")
    if lab.get("split") not in {"tuning", "held_out"}:
        errors.append(f"{js.name}: bad split")
    film = lab.get("film", {})
    if film.get("title") not in text:
        errors.append(f"{js.name}: title {film.get('title')!r} not in text")
    year = film.get("year")
    if year is not None and (not isinstance(year, int) or str(year) not in text):
        errors.append(f"{js.name}: year {year!r} not in text")
    seen = set()
    for p in lab.get("people", []):
        n = p.get("name", "")
        if n in seen:
            errors.append(f"{js.name}: duplicate person {n!r}")
        seen.add(n)
        if n not in text:
            errors.append(f"{js.name}: person {n!r} not in text")
        roles = p.get("roles", [])
        if not roles or set(roles) - ROLES or len(set(roles)) != len(roles):
            errors.append(f"{js.name}: bad roles for {n!r}: {roles}")
        chars = p.get("characters", [])
        if chars and "actor" not in roles:
            errors.append(f"{js.name}: characters for non-actor {n!r}")
        for c in chars:
            if c not in text:
                errors.append(f"{js.name}: character {c!r} not in text")
    locs = set()
    for loc in lab.get("locations", []):
        key = (loc.get("name"), loc.get("use"))
        if key in locs:
            errors.append(f"{js.name}: duplicate location {key}")
        locs.add(key)
        if loc.get("name") not in text:
            errors.append(f"{js.name}: location {loc.get('name')!r} not in text")
        if loc.get("kind") not in KINDS:
            errors.append(f"{js.name}: bad kind {loc.get('kind')!r}")
        if loc.get("use") not in USES:
            errors.append(f"{js.name}: bad use {loc.get('use')!r}")
    words = len(re.findall(r"\S+", text))
    limit = 1200 if lab.get("style") == "encyclopedia" else 900
    if not 200 <= words <= limit:
        errors.append(f"{name}: {words} words, outside 200-{limit}")
    return lab


def main() -> int:
    errors: list = []
    labels = {}
    for txt in sorted(HERE.glob("*.txt")):
        labels[txt.name] = check(txt, errors)
    for js in sorted(HERE.glob("*.json")):
        if not js.with_suffix(".txt").exists():
            errors.append(f"{js.name}: no matching .txt")
    styles = Counter(l.get("style") for l in labels.values())
    splits = Counter(l.get("split") for l in labels.values())
    films = Counter(l.get("film", {}).get("title") for l in labels.values())
    print(f"{len(labels)} documents; styles {dict(styles)}")
    print(f"splits {dict(splits)}; films {dict(films)}")
    for s in STYLES:
        if styles[s] < 3:
            errors.append(f"style {s} used only {styles[s]} times")
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
