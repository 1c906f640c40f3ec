"""The immutable content model every product is composed from."""

from __future__ import annotations

from generator.records import frozen


@frozen
class Moment:
    """A care moment (first meeting, appointments, ...): its label, short form and place in order."""

    id: str
    label: str
    short: str
    order: int

    @property
    def is_always(self) -> bool:
        return self.id == "always"


@frozen
class Practice:
    """One practice of a principle: its full text, its pocket-card prompt and the moments it matters most in."""

    id: str
    text: str
    prompt: str  # the short pocket-card version
    moments: tuple[str, ...]
    source: str  # the content file it came from, for error messages


@frozen
class Principle:
    """One of the five service principles: number, title, context, summary, practices and quotes."""

    number: int
    title: str
    context: str | None
    summary: str
    body: tuple[str, ...]
    quotes: tuple[str, ...]
    practices: tuple[Practice, ...]
    source: str


@frozen
class Use:
    """One of the source's suggested uses of the principles."""

    id: str
    title: str
    text: str
    quote: str
    quote_by: str


@frozen
class Document:
    """The source document: title, subtitle, statement, who made it and when, its link and language."""

    title: str
    subtitle: str
    statement: str
    developed_by: str
    developed_with: str
    year: int
    published: str
    link_label: str
    link_url: str
    language: str
    source: str
    lived_experience: str | None = None  # the source's sentence on lived experience research (leaflet cover)

    @property
    def published_month(self) -> tuple[int, int]:
        """(year, month) of `published`, which the loader has checked is year-month."""
        year, month = self.published.split("-")
        return int(year), int(month)


@frozen
class Rating:
    """An audit rating (not in place ... not applicable): its id, printed label and meaning."""

    id: str
    label: str
    meaning: str


@frozen
class WorksheetText:
    """The audit pack's own words: guidance, labels and the ratings."""

    title: str
    how_to_heading: str
    how_to: tuple[str, ...]
    question: str
    evidence_label: str
    try_label: str
    moments_label: str
    priorities_heading: str
    blank_page: str
    cover_fields: tuple[str, ...]
    ratings: tuple[Rating, ...]
    source: str


@frozen
class Labels:
    """The short words products print around the source's text, with their placeholders."""

    texts: tuple[tuple[str, str], ...]
    action_columns: tuple[str, ...]
    months: tuple[str, ...]
    source: str

    def __call__(self, key: str, **values: object) -> str:
        """The label `key` with its placeholders filled in (the loader has checked which it uses)."""
        text = dict(self.texts)[key]
        return text.format_map(values) if values else text

    def month_year(self, year: int, month: int) -> str:
        return f"{self.months[month - 1]} {year}"


@frozen
class Content:
    """Everything in a content folder, validated."""

    document: Document
    principles: tuple[Principle, ...]
    moments: tuple[Moment, ...]
    uses: tuple[Use, ...]
    worksheets: WorksheetText
    labels: Labels

    @property
    def attribution(self) -> str:
        d = self.document
        published = self.labels.month_year(*d.published_month)
        return self.labels(
            "attribution",
            developed_by=d.developed_by,
            developed_with=d.developed_with,
            year=d.year,
            published=published,
        )

    def use(self, use_id: str, purpose: str) -> Use:
        """The use with this id; a content error naming uses.toml if a product needs one that is missing."""
        from generator.errors import ContentError

        found = next((u for u in self.uses if u.id == use_id), None)
        if found is None:
            raise ContentError([("uses.toml", "uses", f"no use with id '{use_id}': {purpose}")])
        return found

    def moment(self, moment_id: str) -> Moment:
        return next(m for m in self.moments if m.id == moment_id)

    def principle(self, number: int) -> Principle:
        return next(p for p in self.principles if p.number == number)

    def practices_for(self, moment_id: str) -> list[tuple[Principle, Practice]]:
        return [(p, pr) for p in self.principles for pr in p.practices if moment_id in pr.moments]

    @property
    def practice_count(self) -> int:
        return sum(len(p.practices) for p in self.principles)

    @property
    def quote_count(self) -> int:
        return sum(len(p.quotes) for p in self.principles)

    def all_text(self) -> list[tuple[str, str]]:
        """Every printable string with the file it came from (for glyph checks)."""
        d = self.document
        out = [(d.source, s) for s in (d.title, d.subtitle, d.statement, d.link_label, d.lived_experience or "")]
        out += [(self.labels.source, s) for s in (self.attribution, *dict(self.labels.texts).values())]
        out += [(self.labels.source, s) for s in (*self.labels.action_columns, *self.labels.months)]
        for p in self.principles:
            out += [(p.source, s) for s in (p.title, p.context or "", p.summary, *p.body, *p.quotes)]
            out += [(p.source, t) for pr in p.practices for t in (pr.text, pr.prompt)]
        out += [("moments.toml", s) for m in self.moments for s in (m.label, m.short)]
        out += [("uses.toml", s) for u in self.uses for s in (u.title, u.text, u.quote, u.quote_by)]
        w = self.worksheets
        out += [
            (w.source, s)
            for s in (
                w.title,
                w.how_to_heading,
                *w.how_to,
                w.question,
                w.evidence_label,
                w.try_label,
                w.moments_label,
                w.priorities_heading,
                w.blank_page,
                *w.cover_fields,
            )
        ]
        out += [(w.source, s) for r in w.ratings for s in (r.label, r.meaning)]
        return out
