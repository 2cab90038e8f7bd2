"""Line rules of the cast reader: credit lines, cast lists, business blocks.

Catalogues and press kits name cast and crew one line at a time:
``Director: Jane Roe``, ``DoP ........ Tom Hurst``, ``Music by Ann Lee``, and a
list under a ``CAST`` heading (``Jane Roe as Mae``, ``Mae .... Jane Roe``).
A line a rule reads is *claimed*: the prose rules skip it. Every rule reads at
most `MAX_LINE_CHARS` of a line, so a long line costs no more than its length.
"""

from __future__ import annotations

import re

from reviews.importer.people.names import (
    CHARACTER_NAME,
    NAME_PARTICLE_RE,
    PERSON_NAME,
    clean_character,
    clean_name,
    is_person_name,
    is_titled,
)
from reviews.importer.people.patterns import alternation
from reviews.importer.people.reader import (
    MAX_LINE_CHARS,
    CastBlock,
    CastItem,
    CastReader,
    Line,
)
from reviews.importer.vocabulary import (
    BUSINESS_HEADING_WORDS,
    BUSINESS_LABEL_WORDS,
    CAST_HEADINGS,
    CAST_LABELS,
    CREDIT_LABEL_ABBREVIATIONS,
    ROLE_NOUNS,
    WORK_PHRASES,
)


def _label_key(label: str) -> str:
    """A label as the tables list it: "Prod. Des.:" -> "prod des"."""
    return " ".join(label.replace(".", " ").replace(":", " ").casefold().split())


# Every label of a credit line, with the roles it gives.
CREDIT_LABELS: dict[str, tuple[str, ...]] = {
    **{_label_key(k): v for k, v in ROLE_NOUNS.items()},
    **{_label_key(k): v for k, v in WORK_PHRASES.items()},
    **{_label_key(f"{k} by"): v for k, v in WORK_PHRASES.items()},
    **{_label_key(k): v for k, v in CREDIT_LABEL_ABBREVIATIONS.items()},
    **{_label_key(k): ("actor",) for k in CAST_LABELS},
}
_LONGEST_LABEL = max(len(k.split()) for k in CREDIT_LABELS)
# The first words of labels, as a line may open (any case, a full stop).
_LABEL_STARTS = alternation({k.split()[0] for k in CREDIT_LABELS})
_LABEL_START_RE = re.compile(rf"(?i:{_LABEL_STARTS})(?=[\s.:]|$)")
_BULLET_RE = re.compile(r"(?:[*•·>-]|\d{1,3}[.)])\s+")
# Between a label and its names: a colon, a leader of dots, a spaced dash.
_SEPARATOR_RE = re.compile(r"\s*(?::|\.{2,}|…+)\s*|\s+-\s+")
_PARENTHESES_RE = re.compile(r"\s*\([^()]{0,80}\)")
_VALUE_END_RE = re.compile(r";\s|\s\|\s|\s·\s|\.\s")
_LIST_SPLIT_RE = re.compile(r"\s*(?:,\s*(?:and\s+|&\s+)?|\s+and\s+|\s+&\s+|\s*/\s*)")


def _strip_bullet(text: str) -> str:
    match = _BULLET_RE.match(text)
    return text[match.end() :] if match else text


def _heading_key(text: str) -> str:
    """A heading line as a key ("VOICE CAST:" -> "voice cast"), or ""."""
    if len(text) > 40 or text.endswith((".", "!", "?", ",")):
        return ""
    if "(" in text:
        text = _PARENTHESES_RE.sub("", text)
    return " ".join(text.rstrip(":").casefold().split())


# Last words of the headings the line rules look for: most lines end otherwise.
_CAST_HEADING_ENDS = frozenset(heading.split()[-1] for heading in CAST_HEADINGS)


def _last_word(text: str) -> str:
    if "(" in text:
        text = _PARENTHESES_RE.sub("", text)
    return text.rsplit(" ", 1)[-1].rstrip(":").casefold()


# Lines any line rule may read: opening on a label's first word, "Label:",
# or a short line ending on a heading word. Found in one pass over the text.
LINE_CANDIDATE_RE = re.compile(
    r"(?im)^[ \t]*(?:(?:[*•·>-]|\d{1,3}[.)])[ \t]+)?"
    rf"(?:{_LABEL_STARTS})(?=[\s.:]|$)"
    r"|^[^\n:]{1,40}:"
    r"|^[^\n]{0,40}?\b"
    rf"(?:{alternation(_CAST_HEADING_ENDS | BUSINESS_HEADING_WORDS)})"
    r"(?:[ \t]*\([^()\n]{0,40}\))?[ \t]*:?[ \t]*$"
)


def split_label(text: str) -> tuple[str, str] | None:
    """``(label key, value)`` of a credit line, or None.

    >>> split_label("Prod. Des. ........ Ann Lee")
    ('prod des', 'Ann Lee')
    >>> split_label("Music by Tom Hurst")
    ('music by', 'Tom Hurst')
    """
    if not _LABEL_START_RE.match(text):
        return None  # most lines: the first word opens no label
    separator = _SEPARATOR_RE.search(text, 0, 60)
    if separator and separator.start() > 0:
        key = _label_key(text[: separator.start()])
        if key in CREDIT_LABELS:
            return key, text[separator.end() :]
    words = text.split(" ")
    for n in range(min(_LONGEST_LABEL, len(words) - 1), 0, -1):
        key = _label_key(" ".join(words[:n]))
        if key in CREDIT_LABELS:
            return key, " ".join(words[n:])
    return None


def names_of_value(value: str) -> list[str] | None:
    """The full names a credit line's value lists, or None unless every part
    of it is one ("Ann Lee (AEC), Tom Hurst" -> both; "Noroît Films" -> None).

    >>> names_of_value("Ann Lee, Tom Hurst (Acme Films). 104 mins")
    ['Ann Lee', 'Tom Hurst']
    """
    end = None
    for match in _VALUE_END_RE.finditer(value):
        before = value[: match.start()].rsplit(" ", 1)[-1]
        if match.group().startswith(".") and len(before) <= 1:
            continue  # an initial: "J. Roe"
        end = match.start()
        break
    value = _PARENTHESES_RE.sub("", value[:end]).strip(" .,;")
    if not value:
        return None
    names = []
    for part in _LIST_SPLIT_RE.split(value):
        name = clean_name(part) if is_person_name(part) else None
        if not name or name != part or " " not in name:
            return None
        names.append(name)
    return names


def read_credit_line(reader: CastReader, line: Line) -> None:
    """``Role: names`` in any common spelling of the role.

    "DoP ......... Tom Hurst" -> Tom Hurst, cinematographer; "Written and
    directed by Ann Lee" -> Ann Lee, writer and director; "Cast: Ann Lee, Tom
    Hurst" -> both actors.
    """
    if len(line.text) > MAX_LINE_CHARS or not line.text:
        return
    parsed = split_label(_strip_bullet(line.text))
    if parsed is None:
        return
    key, value = parsed
    names = names_of_value(value)
    if not names:
        return
    line.claimed = True
    for name in names:
        reader.credit_line(name, CREDIT_LABELS[key], line)


def read_business_line(reader: CastReader, line: Line) -> None:
    """Sales, distribution and press lines, which name companies and agents.

    "World Sales: Acme International (Lyon)" and the lines under a "PRESS
    CONTACT" heading name no cast or crew: claimed, so the prose rules do not
    read "Acme International (Lyon)" as an actor and a character.
    """
    label, colon, _ = line.text.partition(":")
    if not colon and _last_word(line.text) not in BUSINESS_HEADING_WORDS:
        return  # most lines: neither "Label: value" nor a business heading
    if colon and len(label) <= 40:
        words = _heading_key(label).split()
        if words and words[-1] in BUSINESS_LABEL_WORDS:
            line.claimed = True
        return
    words = _heading_key(line.text).split()
    if not words or words[-1] not in BUSINESS_HEADING_WORDS:
        return
    line.claimed = True
    for following in reader.lines.after(line.index):
        text = following.text
        if not text or len(text) > 120 or text.endswith("."):
            break
        following.claimed = True


_AS_ITEM_RE = re.compile(rf"(?P<actor>{PERSON_NAME})\s+as\s+(?P<rest>.+)")
_ITEM_CHARACTER_RE = re.compile(rf"(?P<character>{CHARACTER_NAME})\s*(?:,|$)")
_ITEM_SEPARATOR_RE = re.compile(r"\s*(?:\.{2,}|…+)\s*|\s+[-|]\s+")
_ITEM_BRACKETS_RE = re.compile(rf"(?P<left>{PERSON_NAME})\s*\((?P<right>[^()]+)\)")
_PARTICLE_RE = re.compile(NAME_PARTICLE_RE)
_QUALIFIER_RE = re.compile(r"\s*\((?:[a-z][a-z ,.'-]*)\)")  # "(voice)"


def cast_item(text: str) -> tuple[str, str | None] | CastItem | None:
    """One line of a cast list: ``(actor, character)``, a `CastItem` to
    orient, or None when the line is not a cast-list item.

    >>> cast_item("* Ann Lee as Mae, a nurse")
    ('Ann Lee', 'Mae')
    >>> cast_item("Mae ........ Ann Lee").separator
    'dots'
    """
    text = _QUALIFIER_RE.sub("", _strip_bullet(text)).strip()
    if not text or len(text) > 160:
        return None
    match = _AS_ITEM_RE.fullmatch(text)
    if match:
        actor = clean_name(match["actor"])
        if not actor:
            return None
        character = _ITEM_CHARACTER_RE.match(match["rest"])
        return actor, clean_character(character["character"]) if character else None
    separator = _ITEM_SEPARATOR_RE.search(text)
    if separator:
        left, right = text[: separator.start()], text[separator.end() :]
        kind = "dash" if separator.group().strip() in "-|" else "dots"
        return _item(left.strip(), right.strip(" ."), kind, text)
    match = _ITEM_BRACKETS_RE.fullmatch(text)
    if match:
        return _item(match["left"], match["right"].strip(), "brackets", text)
    if is_person_name(text) and " " in text:
        actor = clean_name(text)
        return (actor, None) if actor == text else None
    return None


def _item(left: str, right: str, kind: str, text: str) -> CastItem | None:
    if not (_is_name_side(left) and _is_name_side(right)):
        return None
    if not (clean_character(left) and clean_character(right)):
        return None
    return CastItem(left, right, kind, text)


def _is_name_side(side: str) -> bool:
    """Whether one side of a cast-list item is shaped like a name: up to five
    words, each capitalised or a name particle ("Anatole Guivarc'h", "Joaquín
    del Olmo")."""
    words = side.split()
    if not words or len(words) > 5 or not words[0][0].isupper():
        return False
    return all(
        (w[0].isupper() and w.replace("'", "").replace("-", "").isalpha())
        or _PARTICLE_RE.fullmatch(w)
        for w in words
    )


def read_cast_heading(reader: CastReader, line: Line) -> None:
    """A ``CAST`` heading and the list under it, one actor a line.

    Items may be "Ann Lee", "Ann Lee as Mae[, a nurse]", "Ann Lee - Mae" or
    a press kit's "MAE ......... Ann Lee"; the two-sided ones are oriented
    once the whole document is read (`read_cast_blocks`). The list ends at a
    blank line or a line that is not an item.
    """
    if _last_word(line.text) not in _CAST_HEADING_ENDS:
        return  # most lines: not a heading over the cast
    if _heading_key(line.text) not in CAST_HEADINGS:
        return
    block = CastBlock()
    for other in reader.lines.after(line.index):
        if not other.text:
            if block.lines:
                break
            continue
        if other.claimed:
            continue
        item = cast_item(other.text)
        if item is None:
            if read_credit_line_item(reader, other):
                continue
            break
        block.lines.append(other.index)
        other.claimed = True
        if isinstance(item, CastItem):
            item.original = other.original
            block.items.append(item)
        elif item[0]:
            actor, character = item
            reader.credit_line(actor, ("actor",), other, character)
    if block.lines:
        line.claimed = True
        reader.cast_blocks.append(block)


def read_credit_line_item(reader: CastReader, line: Line) -> bool:
    """A crew line inside a "Cast and crew" list."""
    read_credit_line(reader, line)
    return line.claimed


def read_cast_blocks(reader: CastReader) -> None:
    """Orient the two-sided items of every cast list, and credit them.

    One list has one orientation: each item votes (a title, a known actor or
    character, a one-word side, a side whose first name the rest of the
    document uses), and the sum decides for items that cannot tell alone.
    A tie follows the common convention: "Character ...... Actor" with a
    leader of dots, "Actor - Character" with a dash.
    """
    for block in reader.cast_blocks:
        if not block.items:
            continue
        inside = _words_in(reader, block)
        votes = sum(_vote(reader, item, inside) for item in block.items)
        for item in block.items:
            direction = _settled(reader, item.left, item.right)
            if direction == 0:
                direction = (votes > 0) - (votes < 0)
            if direction == 0:
                direction = -1 if item.separator == "dots" else 1
            actor, character = (
                (item.left, item.right) if direction == 1 else (item.right, item.left)
            )
            name = clean_name(actor)
            character = clean_character(character)
            if name and " " in name and character:
                reader.add(name, "actor", character, item.original)


def _settled(reader: CastReader, left: str, right: str) -> int:
    """What settles one item alone: a title, or a side the document already
    credits as an actor or names as a character (+1: "Actor - Character")."""
    for left_is, right_is in (
        (is_titled(left), is_titled(right)),
        (right in reader.actors, left in reader.actors),
        (left in reader.character_names, right in reader.character_names),
    ):
        if left_is != right_is:
            return -1 if left_is else 1
    return 0


def _words_in(reader: CastReader, block: CastBlock) -> dict[str, int]:
    counts: dict[str, int] = {}
    for index in block.lines:
        for word in reader.lines[index].text.split():
            counts[word] = counts.get(word, 0) + 1
    return counts


def _vote(reader: CastReader, item: CastItem, inside: dict[str, int]) -> int:
    """+: the item reads "Actor - Character"; -: "Character - Actor"."""
    vote = 2 * reader.orient(item.left, item.right)
    counts = reader.word_counts()

    def used_elsewhere(side: str) -> int:
        first = side.split()[0]
        return counts.get(first, 0) - inside.get(first, 0)

    left, right = used_elsewhere(item.left), used_elsewhere(item.right)
    if left != right:
        vote += 1 if right > left else -1  # a character's first name recurs
    return vote
