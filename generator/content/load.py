"""Reads a content folder, checks every rule, and raises once with every problem found."""

from __future__ import annotations

import re
import string
import tomllib
from pathlib import Path
from typing import Any

from generator.content.model import Content, Document, Labels, Moment, Practice, Principle, Rating, Use, WorksheetText
from generator.errors import ContentError

REQUIRED_FILES = ("document.toml", "moments.toml", "uses.toml", "worksheets.toml", "labels.toml")
# Each label and the placeholders it may use.
LABELS: dict[str, frozenset[str]] = {
    "attribution": frozenset({"developed_by", "developed_with", "year", "published"}),
    "read_full": frozenset({"link"}),
    "moments_heading": frozenset(),
    "quote_by": frozenset({"number"}),
    "card_principles": frozenset(),
    "always": frozenset(),
    "card_of": frozenset({"index", "count"}),
    "continued": frozenset(),
    "page_of": frozenset({"page", "pages"}),
    "cover": frozenset(),
    "summary": frozenset(),
    "action_plan": frozenset(),
    "summary_principle": frozenset(),
    "priority": frozenset({"number"}),
    "rating_for": frozenset({"ref"}),
    "rating_option": frozenset({"ref", "rating"}),
    "practice_box": frozenset({"ref", "label"}),
    "question_for": frozenset({"number", "question"}),
    "summary_count": frozenset({"number", "rating"}),
    "action_cell": frozenset({"column", "number"}),
    "poster_title": frozenset({"title"}),
    "cards_title": frozenset({"title", "format"}),
    "leaflet_principles": frozenset(),
    "leaflet_quote_by": frozenset(),
    "leaflet_local": frozenset(),
    "leaflet_notes": frozenset(),
    "leaflet_title": frozenset({"title"}),
    "leaflet_large_title": frozenset({"title"}),
    "discussion_quotes": frozenset(),
    "discussion_principle": frozenset({"number"}),
    "discussion_title": frozenset({"title", "format"}),
    "principle_number": frozenset({"number"}),
    "moment_principles": frozenset({"moment", "numbers"}),
    "moment_principle": frozenset({"moment", "numbers"}),
    # Cards: the key card's heading; each principle's short name beside its number ("2 Context").
    "card_key": frozenset(),
    "principle_1_short": frozenset(),
    "principle_2_short": frozenset(),
    "principle_3_short": frozenset(),
    "principle_4_short": frozenset(),
    "principle_5_short": frozenset(),
}
ACTION_COLUMNS = 5
_PUBLISHED = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
PRINCIPLE_NUMBERS = {1, 2, 3, 4, 5}
PROMPT_MAX = 90  # characters on a pocket card
_MISSING = object()
DOCUMENT_TEXT = (
    "title",
    "subtitle",
    "statement",
    "developed_by",
    "developed_with",
    "published",
    "link_label",
    "link_url",
    "language",
)


def content_digest(content_dir: Path | str) -> str:
    """SHA-256 over every TOML file in the content folder (names and bytes), for the manifest."""
    import hashlib

    root = Path(content_dir)
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.toml")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def default_content_dir() -> Path:
    """The content bundled with the tool: inside the installed package, or the checkout's."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "_content", package.parent / "content"):
        if (candidate / "document.toml").is_file():
            return candidate
    return package.parent / "content"


class _Checker:
    """Reads typed fields from parsed TOML, noting each problem instead of stopping."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str, str]] = []

    def problem(self, file: str, key: str, message: str) -> None:
        self.problems.append((file, key, message))

    def text(self, file: str, table: dict, key: str, path: str, optional: bool = False):
        value = table.get(key, _MISSING)
        where = f"{path}.{key}" if path else key
        if value is _MISSING:
            if not optional:
                self.problem(file, where, "missing: expected a text value")
            return None
        if not isinstance(value, str):
            self.problem(file, where, f"expected text, got {_kind(value)}")
            return None
        if not value.strip():
            self.problem(file, where, "is empty: expected some text")
            return None
        return value

    def integer(self, file: str, table: dict, key: str, path: str):
        value = table.get(key, _MISSING)
        where = f"{path}.{key}" if path else key
        if value is _MISSING:
            self.problem(file, where, "missing: expected a whole number")
        elif isinstance(value, bool) or not isinstance(value, int):
            self.problem(file, where, f"expected a whole number, got {_kind(value)}")
        else:
            return value
        return None

    def texts(self, file: str, table: dict, key: str, path: str, allow_empty: bool = False):
        value = table.get(key, _MISSING)
        where = f"{path}.{key}" if path else key
        if value is _MISSING:
            self.problem(file, where, "missing: expected a list of text")
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(file, where, f"expected a list of text, got {_kind(value)}")
            return ()
        if not value and not allow_empty:
            self.problem(file, where, "is empty: expected at least one entry")
        for i, v in enumerate(value):
            if not v.strip():
                self.problem(file, f"{where}[{i}]", "is empty: expected some text")
        return tuple(value)

    def tables(self, file: str, data: dict, key: str) -> list[dict]:
        value = data.get(key, _MISSING)
        if value is _MISSING:
            self.problem(file, key, f"missing: expected one or more [[{key}]] tables")
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(file, key, f"expected [[{key}]] tables, got {_kind(value)}")
            return []
        return value

    def known(self, file: str, table: dict, keys, path: str) -> None:
        """Refuse keys this table does not have, naming the nearest one."""
        for key in table:
            if key not in keys:
                self.problem(file, f"{path}.{key}" if path else key, unknown_key_message(key, keys))

    def unique(self, file: str, key: str, ids: list[str | None]) -> None:
        seen: set[str] = set()
        for i, value in enumerate(ids):
            if value is None:
                continue
            if value in seen:
                self.problem(file, f"{key}[{i}].id", f"duplicate id '{value}': ids must be unique")
            seen.add(value)


def _kind(value: Any) -> str:
    return {str: "text", int: "a number", float: "a number", bool: "true/false", list: "a list", dict: "a table"}.get(
        type(value), type(value).__name__
    )


def parse_toml(data: bytes) -> dict:
    """TOML from bytes, a UTF-8 BOM accepted (Windows editors add one); syntax errors carry a hint."""
    text = data.decode("utf-8")  # raises UnicodeDecodeError for other encodings
    text = text.removeprefix("\ufeff")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise tomllib.TOMLDecodeError(f"{exc}{toml_hint(str(exc), text)}") from None


def toml_hint(message: str, text: str) -> str:
    """A hint for the usual mistakes on the line a TOML error names: curly or missing quotes."""
    match = re.search(r"at line (\d+)", message)
    lines = text.splitlines()
    if not match or not 0 < int(match.group(1)) <= len(lines):
        return ""
    line = lines[int(match.group(1)) - 1]
    _, equals, value = line.partition("=")
    value = value.strip()
    if any(q in line for q in "\u201c\u201d\u2018\u2019") and (not value or value[0] in "\u201c\u201d\u2018\u2019"):
        return ': text must be in straight double quotes ("...") not curly ones (\u201c...\u201d)'
    if equals and value and value.count('"') % 2 == 1 and not value.startswith('"""'):
        return ': a quote is missing: text goes between two double quotes, key = "..."'
    if equals and value and value[0] not in "\"'[{+-0123456789tfin":
        return ': text must be in double quotes, key = "..."'
    return ""


def _read(path: Path, label: str, check: _Checker) -> dict | None:
    try:
        return parse_toml(path.read_bytes())
    except FileNotFoundError:
        check.problem(label, "", "file not found")
    except tomllib.TOMLDecodeError as exc:
        check.problem(label, "", f"TOML syntax error: {exc}")
    except UnicodeDecodeError:
        check.problem(label, "", "not UTF-8 text: save the file as UTF-8")
    except OSError as exc:
        check.problem(label, "", f"cannot read: {exc.strerror}")
    return None


def nearest(key: str, known) -> str | None:
    """The valid name a misspelt one most likely meant, if any is close."""
    import difflib

    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    return close[0] if close else None


def unknown_key_message(key: str, known) -> str:
    """'unknown key' with the nearest valid key suggested (a misspelt key is otherwise ignored)."""
    close = nearest(key, known)
    if close:
        return f"unknown key '{key}': did you mean '{close}'?"
    return f"unknown key '{key}': expected one of {', '.join(sorted(known))}"


def load_content(content_dir: Path | str) -> Content:
    """Load and validate a content folder; raises ContentError listing every problem."""
    root = Path(content_dir)
    if not root.is_dir():
        raise ContentError([(str(root), "", "content folder not found")])
    check = _Checker()
    label = lambda rel: str(root / rel)  # noqa: E731 - names files as the user gave them

    raw = {name: _read(root / name, label(name), check) for name in REQUIRED_FILES}
    moments = _moments(raw["moments.toml"], label("moments.toml"), check)
    known = {m.id for m in moments} | _moment_ids(raw["moments.toml"])  # a moment with a bad field still exists
    principle_files = sorted((root / "principles").glob("*.toml"))
    if not principle_files:
        check.problem(label("principles"), "", "no principle files: expected principles/*.toml, one per principle")
    principles, claimed, unreadable = [], [], False
    for path in principle_files:
        rel = f"principles/{path.name}"
        data = _read(path, label(rel), check)
        if data is None:
            unreadable = True
            continue
        if isinstance(data.get("number"), int):
            claimed.append((data["number"], label(rel)))
        p = _principle(data, label(rel), known, check)
        if p is not None:
            principles.append(p)
    if not unreadable:  # a file we could not read may hold the "missing" principle
        _check_principle_set(claimed, label("principles"), check)
    all_ids = [pr.id for p in principles for pr in p.practices]
    for dup in sorted({i for i in all_ids if all_ids.count(i) > 1}):
        files = sorted({p.source for p in principles for pr in p.practices if pr.id == dup})
        check.problem(
            files[-1], "practices.id", f"duplicate practice id '{dup}' (also in {files[0]}): ids must be unique"
        )
    document = _document(raw["document.toml"], label("document.toml"), check)
    uses = _uses(raw["uses.toml"], label("uses.toml"), check)
    worksheets = _worksheets(raw["worksheets.toml"], label("worksheets.toml"), check)
    labels = _labels(raw["labels.toml"], label("labels.toml"), check)
    if check.problems:
        raise ContentError(check.problems)
    return Content(
        document,  # type: ignore[arg-type]  # not None when there are no problems
        tuple(sorted(principles, key=lambda p: p.number)),
        tuple(sorted(moments, key=lambda m: m.order)),
        tuple(uses),
        worksheets,  # type: ignore[arg-type]  # not None when there are no problems
        labels,  # type: ignore[arg-type]
    )


def _moment_ids(data: dict | None) -> set[str]:
    tables = data.get("moments") if isinstance(data, dict) else None
    if not isinstance(tables, list):
        return set()
    return {t["id"] for t in tables if isinstance(t, dict) and isinstance(t.get("id"), str) and t["id"].strip()}


def _worksheets(data: dict | None, file: str, check: _Checker) -> WorksheetText | None:
    if data is None:
        return None
    check.known(file, data, ("worksheets",), "")
    table = data.get("worksheets")
    if not isinstance(table, dict):
        check.problem(file, "worksheets", "missing: expected a [worksheets] table")
        return None
    keys = (
        "title",
        "how_to_heading",
        "question",
        "evidence_label",
        "try_label",
        "moments_label",
        "priorities_heading",
        "blank_page",
    )
    check.known(file, table, (*keys, "how_to", "cover_fields", "ratings"), "worksheets")
    fields = {k: check.text(file, table, k, "worksheets") for k in keys}
    how_to = check.texts(file, table, "how_to", "worksheets")
    cover = check.texts(file, table, "cover_fields", "worksheets")
    ratings = []
    for i, t in enumerate(check.tables(file, table, "ratings")):
        check.known(file, t, ("id", "label", "meaning"), f"worksheets.ratings[{i}]")
        values = [check.text(file, t, k, f"worksheets.ratings[{i}]") for k in ("id", "label", "meaning")]
        if None not in values:
            ratings.append(Rating(*values))
    check.unique(file, "worksheets.ratings", [r.id for r in ratings])
    if ratings and not 2 <= len(ratings) <= 5:
        check.problem(file, "worksheets.ratings", f"{len(ratings)} ratings: expected 2 to 5")
    if None in fields.values() or not how_to or not cover or not ratings:
        return None
    return WorksheetText(how_to=how_to, cover_fields=cover, ratings=tuple(ratings), source=file, **fields)


def _document(data: dict | None, file: str, check: _Checker) -> Document | None:
    if data is None:
        return None
    check.known(file, data, ("document",), "")
    table = data.get("document")
    if not isinstance(table, dict):
        check.problem(file, "document", "missing: expected a [document] table")
        return None
    check.known(file, table, (*DOCUMENT_TEXT, "year", "lived_experience"), "document")
    fields = {k: check.text(file, table, k, "document") for k in DOCUMENT_TEXT}
    year = check.integer(file, table, "year", "document")
    lived_experience = check.text(file, table, "lived_experience", "document", optional=True)
    published = fields["published"]
    if published is not None and not _PUBLISHED.fullmatch(published.strip()):
        check.problem(
            file, "document.published", f"'{published}' is not a year and month: expected year-month, e.g. \"2019-11\""
        )
        fields["published"] = None
    elif published is not None:
        fields["published"] = published.strip()
    url = fields["link_url"]
    if url and not url.startswith(("http://", "https://")):
        check.problem(file, "document.link_url", f"'{url}' is not a web address: expected http:// or https://")
    if None in fields.values() or year is None:
        return None
    return Document(year=year, source=file, lived_experience=lived_experience, **fields)


def _labels(data: dict | None, file: str, check: _Checker) -> Labels | None:
    if data is None:
        return None
    check.known(file, data, ("labels",), "")
    table = data.get("labels")
    if not isinstance(table, dict):
        check.problem(file, "labels", "missing: expected a [labels] table")
        return None
    check.known(file, table, (*LABELS, "action_columns", "months"), "labels")
    texts = {}
    for key, allowed in LABELS.items():
        if key not in table:  # most often an edition made before this version added the label
            check.problem(file, f"labels.{key}", f"missing: expected a text value; {_bundled_label(key)}")
            continue
        value = check.text(file, table, key, "labels")
        if value is None:
            continue
        try:
            used = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
        except ValueError:
            check.problem(file, f"labels.{key}", "unmatched { or }: write placeholders as {name}")
            continue
        wrong = sorted(used - allowed)
        if wrong:
            may = f"it may use {', '.join('{' + a + '}' for a in sorted(allowed))}" if allowed else "it takes none"
            check.problem(
                file, f"labels.{key}", f"unknown placeholder {', '.join('{' + w + '}' for w in wrong)}: {may}"
            )
            continue
        texts[key] = value
    columns = check.texts(file, table, "action_columns", "labels")
    if columns and len(columns) != ACTION_COLUMNS:
        check.problem(file, "labels.action_columns", f"{len(columns)} columns: expected {ACTION_COLUMNS}")
    months = check.texts(file, table, "months", "labels")
    if months and len(months) != 12:
        check.problem(file, "labels.months", f"{len(months)} month names: expected 12, January to December")
    if len(texts) != len(LABELS) or len(columns) != ACTION_COLUMNS or len(months) != 12:
        return None
    return Labels(tuple(texts.items()), columns, months, file)


def _bundled_label(key: str) -> str:
    """How the bundled content words a label, to copy into an edition that lacks it."""
    import json  # an error's path only: a making command's start-up never loads it

    try:
        with (default_content_dir() / "labels.toml").open("rb") as f:
            value = tomllib.load(f)["labels"][key]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "see the tool's own content/labels.toml"
    return f"the tool's own labels.toml has {key} = {json.dumps(value, ensure_ascii=False)}"


def _moments(data: dict | None, file: str, check: _Checker) -> list[Moment]:
    if data is None:
        return []
    out = []
    check.known(file, data, ("moments",), "")
    for i, t in enumerate(check.tables(file, data, "moments")):
        path = f"moments[{i}]"
        check.known(file, t, ("id", "label", "short", "order"), path)
        mid, label, short = (check.text(file, t, k, path) for k in ("id", "label", "short"))
        order = check.integer(file, t, "order", path)
        if None not in (mid, label, short, order):
            out.append(Moment(mid, label, short, order))
    check.unique(file, "moments", [m.id for m in out])
    if out and "always" not in {m.id for m in out} | _moment_ids(data):
        check.problem(
            file, "moments", "no moment with id 'always': expected one for practices that matter at every moment"
        )
    return out


def _uses(data: dict | None, file: str, check: _Checker) -> list[Use]:
    if data is None:
        return []
    out = []
    check.known(file, data, ("uses",), "")
    for i, t in enumerate(check.tables(file, data, "uses")):
        check.known(file, t, ("id", "title", "text", "quote", "quote_by"), f"uses[{i}]")
        values = [check.text(file, t, k, f"uses[{i}]") for k in ("id", "title", "text", "quote", "quote_by")]
        if None not in values:
            out.append(Use(*values))
    check.unique(file, "uses", [u.id for u in out])
    return out


def _principle(data: dict, file: str, known: set[str], check: _Checker) -> Principle | None:
    check.known(file, data, ("number", "title", "context", "summary", "body", "quotes", "practices"), "")
    number = check.integer(file, data, "number", "")
    if number is not None and number not in PRINCIPLE_NUMBERS:
        check.problem(file, "number", f"{number} is not a principle number: expected 1 to 5")
    title = check.text(file, data, "title", "")
    context = check.text(file, data, "context", "", optional=True)
    summary = check.text(file, data, "summary", "")
    body = check.texts(file, data, "body", "")
    quotes = check.texts(file, data, "quotes", "", allow_empty=True)
    practices = []
    for i, t in enumerate(check.tables(file, data, "practices")):
        practice = _practice(t, f"practices[{i}]", file, known, check)
        if practice is not None:
            practices.append(practice)
    if None in (number, title, summary):
        return None
    return Principle(number, title, context, summary, body, quotes, tuple(practices), file)


def _practice(t: dict, path: str, file: str, known: set[str], check: _Checker) -> Practice | None:
    check.known(file, t, ("id", "text", "prompt", "moments"), path)
    pid = check.text(file, t, "id", path)
    text = check.text(file, t, "text", path)
    prompt = check.text(file, t, "prompt", path)
    if prompt is not None and len(prompt) > PROMPT_MAX:
        check.problem(
            file,
            f"{path}.prompt",
            f"practice '{pid}': prompt is {len(prompt)} characters: expected at most {PROMPT_MAX} to fit a pocket card",
        )
        prompt = None
    moments = t.get("moments", _MISSING)
    if moments is _MISSING or moments == []:
        check.problem(file, f"{path}.moments", "no care moment: expected a list of one or more moment ids")
        moments = ()
    elif not isinstance(moments, list) or not all(isinstance(m, str) for m in moments):
        check.problem(file, f"{path}.moments", f"expected a list of moment ids, got {_kind(moments)}")
        moments = ()
    for m in moments:
        if known and m not in known:
            check.problem(file, f"{path}.moments", f"unknown moment '{m}': expected one of " + ", ".join(sorted(known)))
    if None in (pid, text, prompt) or not moments:
        return None
    return Practice(pid, text, prompt, tuple(moments), file)


def _check_principle_set(claimed: list[tuple[int, str]], where: str, check: _Checker) -> None:
    """Each of the numbers 1 to 5 exactly once, over the files that say which principle they are."""
    numbers = [n for n, _ in claimed]
    for n in sorted(set(numbers)):
        if numbers.count(n) > 1:
            files = ", ".join(f for m, f in claimed if m == n)
            check.problem(where, "number", f"principle {n} appears more than once ({files})")
    missing = PRINCIPLE_NUMBERS - set(numbers)
    if claimed and missing:
        check.problem(
            where,
            "number",
            "missing principle "
            + ", ".join(map(str, sorted(missing)))
            + ": expected exactly one file for each of principles 1 to 5",
        )
