"""The organisations CSV as people make it: Excel's semicolons, BOMs, capitals, stray commas."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.errors import PrinciplesError
from generator.organisations import read_organisations, slugify


def write(tmp_path, text: str, encoding: str = "utf-8"):
    path = tmp_path / "orgs.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_an_unquoted_comma_is_refused_naming_the_row_and_the_extra_values(tmp_path):
    path = write(
        tmp_path,
        "name,contact\nRiverside Mind,01234 567890\nMind in Bexley, Bromley and Greenwich,01234 567890\n",
    )
    rows = read_organisations(path).rows
    assert rows[0].problem == ""
    assert rows[1].problem == (  # how the row was read shows where the stray comma is
        "3 values but the header names 2 columns: read as name 'Mind in Bexley', contact 'Bromley and "
        "Greenwich', then extra '01234 567890'; put a value that contains a comma in double quotes (\"...\")"
    )
    result = CliRunner().invoke(main, ["batch", str(path), "-o", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 1
    assert "   3  mind-in-bexley" in result.output and "extra '01234 567890'" in result.output
    assert not (tmp_path / "out" / "mind-in-bexley").exists()


def test_a_row_with_too_few_values_names_the_missing_columns(tmp_path):
    rows = read_organisations(write(tmp_path, "name,contact,url\nRiverside Mind,01234\n")).rows
    assert rows[0].problem == "2 values but the header names 3 columns: no value for url"


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("\ufeffName ; Contact\r\nRiverside Mind;01234 567890\r\n", "semicolons"),
        ("NAME\tCONTACT\nRiverside Mind\t01234 567890\n", "tabs"),
        ('\ufeff name , contact \r\n"Riverside Mind, Bexley",01234 567890\r\n', "commas"),
    ],
)
def test_excel_csvs_are_read(tmp_path, text, delimiter):
    organisations = read_organisations(write(tmp_path, text))
    (row,) = organisations.rows
    assert row.values["contact"] == "01234 567890" and row.problem == ""
    assert organisations.describe().endswith(f"1 organisation, values separated by {delimiter}")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty: expected a header row"),
        ("\ufeff\r\n  \r\n", "the file is empty: expected a header row"),
        ("name,logo\n", "no organisations: the header row is there but no rows follow it"),
        ("name,logo\n,,\n", "no organisations: the header row is there but no rows follow it"),
        ("name,Name\nX,Y\n", "column 'name' named twice in the header row"),
    ],
)
def test_files_that_cannot_be_a_batch_stop_it(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(PrinciplesError, match=message):
        read_organisations(path)
    result = CliRunner().invoke(main, ["batch", str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and message in result.output


def test_names_that_share_a_folder_are_an_error_naming_both_rows(tmp_path):
    rows = read_organisations(write(tmp_path, "name\nRiverside Mind\nriverside mind\n")).rows
    assert rows[0].problem == ""
    assert rows[1].problem == (
        "'riverside mind' (line 3) and 'Riverside Mind' (line 2) would share the folder 'riverside-mind': "
        "give each organisation a distinct name"
    )


@pytest.mark.parametrize("name", ["con", "NUL", "Aux", "com1", "LPT9", "prn"])
def test_slugs_never_take_windows_reserved_names(name):
    assert slugify(name) == f"{name.lower()}-organisation"


def test_a_non_utf8_file_says_how_to_save_it(tmp_path):
    with pytest.raises(PrinciplesError, match="not UTF-8 text: save the CSV as UTF-8"):
        read_organisations(write(tmp_path, "name\nCôte\n", encoding="latin-1"))


def test_columns_with_no_heading_are_left_out_unless_a_row_fills_them(tmp_path):
    """Excel saves a sheet's empty trailing columns as ';;' on every line."""
    path = tmp_path / "orgs.csv"
    path.write_bytes(
        b"\xef\xbb\xbfName;Logo;URL;;\r\nSmith & Jones;;www.smith-jones.example/care;;\r\nOther Trust;;;x;\r\n;;;;\r\n"
    )
    rows = read_organisations(path).rows
    assert [r.name for r in rows] == ["Smith & Jones", "Other Trust"]
    assert rows[0].problem == "" and rows[0].values == {"name": "Smith & Jones", "url": "www.smith-jones.example/care"}
    assert "'x' in a column with no heading" in rows[1].problem


def test_a_web_address_without_its_scheme_is_taken_as_https():
    from pathlib import Path

    from generator.brand import brand_from_values

    brand = brand_from_values({"name": "X", "url": "www.example.org/care"}, Path("."), "row 2")
    assert brand.url == "https://www.example.org/care" and brand.shown_url == "www.example.org/care"


def test_a_misspelt_column_is_named_with_the_column_it_was_meant_to_be(tmp_path):
    """As a misspelt key in a brand file is: the nearest column is suggested."""
    path = write(tmp_path, "name,contacts,colour\nRiverside Mind,01234 567890,#005EB8\n")
    with pytest.raises(PrinciplesError) as raised:
        read_organisations(path)
    message = str(raised.value)
    assert "unknown column 'contacts' (did you mean 'contact'?), 'colour'" in message
    assert message.startswith(f"{path}: ") and "expected name, logo, contact" in message
