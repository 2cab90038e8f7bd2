"""Sanity check for the labelled corpus in tests/corpus/a/.

Run: .venv/bin/python tests/corpus/a/check_labels.py
Checks that every document has a label file that parses, uses only the
allowed values, and that every labelled name appears verbatim in the text.
"""
import collections
import json
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
STYLES = {"programme_note", "festival_catalogue", "encyclopedia",
          "newspaper_review", "blog_post", "press_kit"}
SPLITS = {"tuning", "held_out"}
ROLES = {"actor", "director", "writer", "producer", "executive_producer",
         "composer", "sound_designer", "cinematographer", "editor",
         "production_designer", "costume_designer", "casting_director"}
KINDS = {"country", "region", "city", "district", "street", "station",
         "museum", "park", "water", "bridge", "venue", "other"}
USES = {"filming", "setting"}


def check(txt_path, errors, stats):
    name = txt_path.name
    json_path = txt_path.with_suffix(".json")
    if not json_path.exists():
        errors.append(f"{name}: no label file")
        return
    text = txt_path.read_text(encoding="utf-8")
    try:
        label = json.loads(json_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        errors.append(f"{json_path.name}: does not parse: {exc}")
        return

    def err(msg):
        errors.append(f"{name}: {msg}")

    if set(label) != {"style", "split", "film", "people", "locations"}:
        err(f"unexpected top-level keys {sorted(label)}")
    style = label.get("style")
    if style not in STYLES:
        err(f"bad style {style!r}")
    elif not name.endswith("-" + style.replace("_", "-") + ".txt"):
        err(f"filename does not end with style {style}")
    if label.get("split") not in SPLITS:
        err(f"bad split {label.get('split')!r}")
    stats["style"][style] += 1
    stats["split"][label.get("split")] += 1

    film = label.get("film", {})
    title, year = film.get("title"), film.get("year")
    if not title or title not in text:
        err(f"title {title!r} not verbatim in text")
    if year is not None and (not isinstance(year, int) or str(year) not in text):
        err(f"year {year!r} not in text")
    stats["film"][title] += 1

    seen_people = set()
    for person in label.get("people", []):
        pname = person.get("name", "")
        if pname in seen_people:
            err(f"duplicate person {pname!r}")
        seen_people.add(pname)
        if pname not in text:
            err(f"person {pname!r} not verbatim in text")
        roles = person.get("roles", [])
        if not roles or set(roles) - ROLES or len(set(roles)) != len(roles):
            err(f"bad roles for {pname!r}: {roles}")
        chars = person.get("characters", [])
        if chars and "actor" not in roles:
            err(f"{pname!r} has characters but is not an actor")
        for char in chars:
            if char not in text:
                err(f"character {char!r} of {pname!r} not verbatim in text")

    seen_places = set()
    for loc in label.get("locations", []):
        lname, kind, use = loc.get("name", ""), loc.get("kind"), loc.get("use")
        if (lname, use) in seen_places:
            err(f"duplicate location {lname!r}/{use}")
        seen_places.add((lname, use))
        if lname not in text:
            err(f"location {lname!r} not verbatim in text")
        if kind not in KINDS:
            err(f"bad kind {kind!r} for {lname!r}")
        if use not in USES:
            err(f"bad use {use!r} for {lname!r}")
    kinds_by_name = collections.defaultdict(set)
    for loc in label.get("locations", []):
        kinds_by_name[loc.get("name")].add(loc.get("kind"))
    for lname, kinds in kinds_by_name.items():
        if len(kinds) > 1:
            err(f"location {lname!r} has inconsistent kinds {sorted(kinds)}")

    words = len(re.findall(r"\S+", text))
    limit = 1200 if style == "encyclopedia" else 900
    if not 200 <= words <= limit:
        err(f"{words} words, outside 200-{limit}")


def main():
    errors = []
    stats = {"style": collections.Counter(), "split": collections.Counter(),
             "film": collections.Counter()}
    txts = sorted(HERE.glob("*.txt"))
    for json_path in sorted(HERE.glob("*.json")):
        if not json_path.with_suffix(".txt").exists():
            errors.append(f"{json_path.name}: no document")
    for txt_path in txts:
        check(txt_path, errors, stats)
    print(f"{len(txts)} documents")
    for key in ("style", "split", "film"):
        print(f"{key}: {dict(stats[key])}")
    if any(n < 3 for n in stats["style"].values()) or len(stats["style"]) != 6:
        errors.append("each of the six styles must be used at least 3 times")
    for msg in errors:
        print("ERROR", msg)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
