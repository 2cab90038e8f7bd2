"""What a browser would post back from an admin form, read from its HTML:
tests change a few values of a real change form instead of spelling out every
field, inline management form and hidden version field."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.data = []
        self.select = None  # name of the open <select>
        self.textarea = None  # [name, text] of the open <textarea>

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            checkable = kind in ("checkbox", "radio")
            if checkable and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value") or ("on" if checkable else "")))
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.data.append((self.select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            # A browser drops the newline right after <textarea>.
            name, text = self.textarea
            self.data.append((name, text.removeprefix("\n")))
            self.textarea = None


def form_data(response, **changes) -> dict:
    """The admin change/add form of ``response`` as the browser posts it,
    with ``changes`` applied (a list value for a multiple choice)."""
    opts = response.context["opts"]
    reader = _FormReader(f"{opts.model_name}_form")
    reader.feed(response.content.decode())
    data = {}
    for name, value in reader.data:
        data.setdefault(name, []).append(value)
    data = {
        name: values[0] if len(values) == 1 else values for name, values in data.items()
    }
    data.update(changes)
    return data
