"""What a rendered form shows a person: each control's value as the browser would fill it
(an input's value, a textarea's text, a select's selected option), read from the HTML."""

from html.parser import HTMLParser


class _FormValues(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}
        self.options: dict[str, list[tuple[str, str]]] = {}
        self._select = self._textarea = self._option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file", "hidden"):
            self.values[name] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.values.setdefault(name, "")
            self.options[name] = []
        elif tag == "option" and self._select:
            self._option = [attrs.get("value", ""), ""]
            if "selected" in attrs:
                self.values[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "option" and self._option is not None:
            self.options[self._select].append(tuple(self._option))
            self._option = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data
        if self._option is not None:
            self._option[1] += data


def form_values(html: str) -> dict[str, str]:
    parser = _FormValues()
    parser.feed(html)
    return {name: value.strip("\n") if name else value for name, value in parser.values.items()}


def select_options(html: str, name: str) -> list[tuple[str, str]]:
    parser = _FormValues()
    parser.feed(html)
    return parser.options.get(name, [])
