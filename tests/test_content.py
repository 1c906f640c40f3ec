"""The bundled content matches the seed, and every validation rule gives a precise message."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SEEDS

from generator.content.load import load_content
from generator.errors import ContentError


def seed_text() -> str:
    files = sorted(SEEDS.glob("*.txt"))
    if not files:
        pytest.skip("the seed documents are not beside this checkout")
    text = "\n".join(f.read_text(encoding="utf-8") for f in files)
    return re.sub(r"</?p>", "\n", text)


def test_counts(content):
    assert [p.number for p in content.principles] == [1, 2, 3, 4, 5]
    assert content.practice_count == 25
    assert content.quote_count == 12
    assert [m.id for m in content.moments] == [
        "first-meeting",
        "appointments",
        "shared-decisions",
        "shared-plans",
        "designing-services",
        "always",
    ]
    assert len(content.uses) == 4


def test_practices_per_moment(content):
    counts = {m.id: len(content.practices_for(m.id)) for m in content.moments}
    assert counts == {
        "first-meeting": 5,
        "appointments": 4,
        "shared-decisions": 11,
        "shared-plans": 4,
        "designing-services": 1,
        "always": 1,
    }
    both = [pr for p in content.principles for pr in p.practices if len(pr.moments) > 1]
    assert [(pr.id, pr.moments) for pr in both] == [("complex-needs", ("appointments", "designing-services"))]


def test_every_string_is_in_the_seed_word_for_word(content):
    seed = seed_text()
    d = content.document
    strings = [d.title, d.subtitle, d.statement, content.labels.month_year(*d.published_month)]
    for p in content.principles:
        strings += [p.title, p.summary, *p.body, *[pr.text for pr in p.practices]]
        strings += [f"“{q}”" for q in p.quotes]
        if p.context:
            strings.append(f"({p.context})")
    for u in content.uses:
        strings += [u.title, u.text, u.quote, u.quote_by]
    missing = [s for s in strings if s not in seed]
    assert missing == []


def test_seed_quirks_are_kept(content):
    p1 = content.principle(1)
    assert "[that made helped me]" in p1.quotes[0]
    assert "‘lose weight’" in p1.quotes[2]  # typographic quotes kept
    assert "Don't treat" in content.principle(4).quotes[0]  # the seed's straight apostrophe kept


def test_document_fields(content):
    d = content.document
    assert d.title == "What matters to me?"
    assert d.statement == "These principles are interconnected and equally important."
    assert content.attribution == "Developed by the Q Lab and Mind with people with lived experience, 2019."
    assert d.link_url.startswith("http") and d.link_label in d.link_url


# --- validation: every rule, every message word for word --------------------------------------


def errors_for(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_content(root)
    return info.value.lines()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def p(root: Path, n: int) -> Path:
    return next((root / "principles").glob(f"{n}-*.toml"))


def test_toml_syntax_error_keeps_line_and_column(content_copy):
    edit(p(content_copy, 3), "number = 3", "number = = 3")
    (msg,) = errors_for(content_copy)
    assert msg.startswith(f"{p(content_copy, 3)}: TOML syntax error: ")
    assert "line 3, column" in msg


def test_unknown_moment_lists_the_known_ones(content_copy):
    edit(p(content_copy, 1), 'moments = ["always"]', 'moments = ["sometimes"]')
    assert errors_for(content_copy) == [
        f"{p(content_copy, 1)}: practices[1].moments: unknown moment 'sometimes': expected one of "
        "always, appointments, designing-services, first-meeting, shared-decisions, shared-plans"
    ]


def test_missing_principle(content_copy):
    p(content_copy, 4).unlink()
    assert errors_for(content_copy) == [
        f"{content_copy / 'principles'}: number: missing principle 4: "
        "expected exactly one file for each of principles 1 to 5"
    ]


def test_number_out_of_range_and_duplicate(content_copy):
    edit(p(content_copy, 5), "number = 5", "number = 6")
    lines = errors_for(content_copy)
    assert f"{p(content_copy, 5)}: number: 6 is not a principle number: expected 1 to 5" in lines
    assert any(
        line.endswith("missing principle 5: expected exactly one file for each of principles 1 to 5") for line in lines
    )


def test_missing_empty_and_wrong_type(content_copy):
    edit(p(content_copy, 2), 'title = "Understand and cater to context"', 'title = ""')
    edit(p(content_copy, 2), "number = 2", 'number = "two"')
    edit(content_copy / "document.toml", "subtitle = ", "sub_title = ")
    lines = errors_for(content_copy)
    assert f"{p(content_copy, 2)}: title: is empty: expected some text" in lines
    assert f"{p(content_copy, 2)}: number: expected a whole number, got text" in lines
    assert f"{content_copy / 'document.toml'}: document.subtitle: missing: expected a text value" in lines


def test_practice_with_no_moment(content_copy):
    edit(p(content_copy, 1), 'moments = ["appointments"]', "moments = []")
    assert errors_for(content_copy) == [
        f"{p(content_copy, 1)}: practices[0].moments: no care moment: expected a list of one or more moment ids"
    ]


def test_duplicate_ids(content_copy):
    edit(p(content_copy, 3), 'id = "build-on-skills"', 'id = "time-to-listen"')
    edit(content_copy / "moments.toml", 'id = "shared-plans"', 'id = "appointments"')
    lines = errors_for(content_copy)
    assert (
        f"{p(content_copy, 3)}: practices.id: duplicate practice id 'time-to-listen' "
        f"(also in {p(content_copy, 1)}): ids must be unique"
    ) in lines
    assert (f"{content_copy / 'moments.toml'}: moments[3].id: duplicate id 'appointments': ids must be unique") in lines


def test_all_problems_reported_at_once(content_copy):
    edit(p(content_copy, 1), 'moments = ["always"]', 'moments = ["sometimes"]')
    edit(p(content_copy, 2), "summary = ", "summry = ")
    (content_copy / "uses.toml").unlink()
    lines = errors_for(content_copy)
    assert len(lines) == 4
    assert f"{content_copy / 'uses.toml'}: file not found" in lines
    assert f"{p(content_copy, 2)}: summry: unknown key 'summry': did you mean 'summary'?" in lines


def test_missing_folder(tmp_path):
    assert errors_for(tmp_path / "nope") == [f"{tmp_path / 'nope'}: content folder not found"]


def test_every_practice_has_a_short_prompt(content):
    for p in content.principles:
        for pr in p.practices:
            assert 20 <= len(pr.prompt) <= 90, pr.id
            assert pr.prompt != pr.text


def test_prompts_start_with_the_same_verb_where_the_text_does(content):
    verbs = {
        "Build",
        "Be",
        "Support",
        "Understand",
        "Provide",
        "Encourage",
        "Jointly",
        "Consider",
        "Help",
        "Explore",
        "Think",
        "Take",
        "Acknowledge",
        "Set",
    }
    for p in content.principles:
        for pr in p.practices:
            first = pr.text.split()[0]
            if first in verbs:
                assert pr.prompt.split()[0] == first, pr.id


def test_missing_or_long_prompt_is_rejected(content_copy):
    path = p(content_copy, 3)
    edit(path, 'prompt = "Help people build', 'prompt = "' + "x" * 80 + " Help people build")
    edit(path, 'prompt = "Provide different perspectives', 'promt = "Provide different perspectives')
    lines = errors_for(content_copy)
    assert lines == [
        f"{path}: practices[3].prompt: practice 'build-on-skills': prompt is 162 characters: "
        "expected at most 90 to fit a pocket card",
        f"{path}: practices[4].promt: unknown key 'promt': did you mean 'prompt'?",
        f"{path}: practices[4].prompt: missing: expected a text value",
    ]
