"""Tables in and out: reading CSV (UTF-8, BOM, GB18030) and XLSX all or nothing with row
numbers, the cell parsers, and formula-safe CSV/XLSX downloads."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import unquote

import pytest
from flask_babel import force_locale
from openpyxl import Workbook, load_workbook

from portal import tabular
from portal.assembly.models import BallotChoice
from portal.tabular import CellError, TableInvalid

HEADER = ["name", "area", "count"]


@pytest.fixture
def en(app):
    """An English request context, so that messages can be matched."""
    with app.test_request_context(), force_locale("en"):
        yield


def read(data: bytes, **limits):
    """The table's rows as (line, cells) and its problems as (line, message)."""
    table = tabular.read_table(data, HEADER, **limits)
    return [(row.line, row.cells) for row in table], [(e.line, str(e.message)) for e in table.errors]


def refusal(data: bytes, **limits) -> list[tuple[int, str]]:
    with pytest.raises(TableInvalid) as refused:
        tabular.read_table(data, HEADER, **limits)
    return [(error.line, str(error.message)) for error in refused.value.errors]


def xlsx(*rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- reading ------------------------------------------------------------------------------------

CHINESE = "name,area,count\n张三,80.5,1\n李四,60,2\n"


@pytest.mark.parametrize(
    "data",
    [CHINESE.encode(), "\ufeff".encode() + CHINESE.encode(), CHINESE.encode("gb18030")],
    ids=["utf-8", "utf-8 with BOM", "gb18030"],
)
def test_csv_in_utf8_with_or_without_bom_and_in_gb18030(en, data):
    rows, problems = read(data)
    assert rows == [(2, ["张三", "80.5", "1"]), (3, ["李四", "60", "2"])] and problems == []


def test_xlsx_numbers_typed_as_numbers_dates_and_an_empty_trailing_cell(en):
    data = xlsx(
        HEADER,
        ["张三", 80.5, 12],
        ["李四", 0.1 + 0.2, None],  # Excel shows 15 significant digits: 0.3
        ["王五", 1e20, date(2026, 12, 1)],
        ["赵六", Decimal("70.12"), datetime(2026, 12, 1, 8, 30), None, ""],
    )
    rows, problems = read(data)
    assert problems == []
    assert rows == [
        (2, ["张三", "80.5", "12"]),
        (3, ["李四", "0.3", ""]),
        (4, ["王五", "100000000000000000000", "2026-12-01"]),
        (5, ["赵六", "70.12", "2026-12-01 08:30:00"]),
    ]


def test_xlsx_row_numbers_are_sheet_rows_past_blank_rows(en):
    rows, problems = read(xlsx(HEADER, ["a", 1, 1], [], [None, None], ["b", 2, "x", "extra"]))
    assert rows == [(2, ["a", "1", "1"])]
    assert problems == [(5, "expected 3 columns, found 4.")]


@pytest.mark.parametrize(
    "data",
    [b"name,area\nx,1\n", b"name;area;count\nx;1;2\n", b"", xlsx(["name", "area"], ["x", 1])],
    ids=["csv missing column", "csv semicolons", "empty", "xlsx"],
)
def test_a_wrong_header_refuses_the_file(en, data):
    assert refusal(data) == [(1, "The header must be exactly: name,area,count")]


def test_header_cells_may_carry_spaces(en):
    rows, _ = read(b" name , area ,count\nx,1,2\n")
    assert rows == [(2, ["x", "1", "2"])]


def test_blank_lines_are_skipped_and_lines_keep_their_numbers(en):
    rows, problems = read(b"name,area,count\n\nx,1,2\n ,  ,\ny,3,4\n")
    assert [line for line, _ in rows] == [3, 5] and problems == []


def test_too_many_or_too_few_columns(en):
    rows, problems = read(b"name,area,count\nx,1\ny,1,2,3\nz,1,2\n")
    assert rows == [(4, ["z", "1", "2"])]
    assert problems == [(2, "expected 3 columns, found 2."), (3, "expected 3 columns, found 4.")]


def test_too_many_rows(en):
    _, problems = read(b"name,area,count\n" + b"x,1,2\n" * 4, max_rows=3)
    assert problems == [(5, "The file has more than 3 rows; split it into smaller files.")]


def test_too_big(en):
    assert refusal(b"name,area,count\n" + b"x,1,2\n" * 100, max_bytes=500) == [
        (0, "The file is larger than 0.000476837 MB.")
    ]


def test_nul_and_control_characters_are_row_problems(en):
    rows, problems = read(b"name,area,count\nx\x00y,1,2\nok,1,2\nz,\x07,3\n")
    assert rows == [(3, ["ok", "1", "2"])]
    assert problems == [
        (2, "name contains < or > or a control character."),
        (4, "area contains < or > or a control character."),
    ]


def test_a_broken_csv_record_is_a_row_problem(en):
    _, problems = read(b'name,area,count\nx,1,2\n"' + b"y" * 200_000 + b'",1,2\n')
    assert problems[-1][0] == 3 and "cannot be read as CSV" in problems[-1][1]


@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xfe\x00garbage\x00",
        CHINESE.encode("utf-16"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        b"PK\x03\x04" + b"\x00" * 100,
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
    ],
    ids=["utf-16 junk", "utf-16", "png", "broken zip", "old xls"],
)
def test_binary_junk_is_refused_as_a_whole(en, data):
    problems = refusal(data)
    assert problems and all(line in (0, 1) for line, _ in problems)


def test_a_zip_that_unpacks_to_far_more_than_its_size_is_refused(en):
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (tabular.workbook.MAX_UNZIPPED + 1))
    assert len(out.getvalue()) < 100_000
    assert refusal(out.getvalue()) == [(0, "The workbook is too large to read here; save it as CSV.")]


def test_check_raises_every_problem_at_once_and_says_when_the_file_is_empty(en):
    table = tabular.read_table(b"name,area,count\nx,abc,1\ny,1,\xef\xbc\x91\n", HEADER)
    values = [table.rows[0].parse("area", tabular.parse_int), table.rows[1].parse("count", tabular.parse_int)]
    assert values == [None, None]
    with pytest.raises(TableInvalid) as refused:
        table.check(values)
    assert [error.line for error in refused.value.errors] == [2, 3]
    empty = tabular.read_table(b"name,area,count\n", HEADER)
    with pytest.raises(TableInvalid) as refused:
        empty.parse(lambda row: row, empty="no rows")
    assert str(refused.value.errors[0]) == "no rows"


def test_row_error_names_the_line(app):
    with app.test_request_context():
        assert str(tabular.RowError(7, "坏了")) == "第 7 行：坏了"
        assert str(tabular.RowError(0, "坏了")) == "坏了"


# --- cell parsers -------------------------------------------------------------------------------

ODD_NUMBERS = [
    ("¹", "digits 0–9"),
    ("８０", "digits 0–9"),
    ("1E+999999999", "exponent"),
    ("1e2", "exponent"),
    ("NaN", "finite"),
    ("Infinity", "finite"),
    ("-inf", "finite"),
    ("+1", "+ sign"),
    ("1_000", "not a number"),
    ("1,000", "not a number"),
    ("", "empty"),
    ("9" * 40, "too long"),
]


@pytest.mark.parametrize(("text", "fragment"), ODD_NUMBERS, ids=[t for t, _ in ODD_NUMBERS])
@pytest.mark.parametrize("parser", [tabular.parse_int, tabular.parse_decimal, tabular.parse_hundredths])
def test_odd_numbers_are_refused_with_a_message_naming_the_column(en, parser, text, fragment):
    with pytest.raises(CellError) as refused:
        parser(text, "area_m2")
    message = str(refused.value.message)
    assert message.startswith("area_m2") and fragment in message


def test_parse_int(en):
    assert tabular.parse_int("12", "n") == 12 and tabular.parse_int("-0", "n") == 0
    assert tabular.parse_int("007", "n", minimum=1, maximum=9) == 7
    for text, fragment in [("1.5", "whole number"), ("1.0", "whole number"), ("0", "at least 1")]:
        with pytest.raises(CellError) as refused:
            tabular.parse_int(text, "n", minimum=1)
        assert fragment in str(refused.value.message)


def test_parse_decimal_is_exact(en):
    assert tabular.parse_decimal("80.5", "a") == Decimal("80.50")
    assert tabular.parse_decimal("80.500", "a") == Decimal("80.50")
    assert str(tabular.parse_decimal("-0", "a")) == "0.00"
    assert tabular.parse_decimal(".5", "a", places=3) == Decimal("0.500")
    assert tabular.parse_hundredths("0.01", "a") == 1 and tabular.parse_hundredths("-12.3", "a") == -1230
    with pytest.raises(CellError, match="at most 2 decimal places"):
        tabular.parse_decimal("1.005", "a")
    with pytest.raises(CellError, match=r"at least 0\.01"):
        tabular.parse_hundredths("-0", "a", minimum=Decimal("0.01"))
    with pytest.raises(CellError, match=r"at most 99999\.99"):
        tabular.parse_hundredths("100000", "a", maximum=Decimal("99999.99"))


def test_parse_choice(en):
    assert tabular.parse_choice(BallotChoice, "agree", "choice") == BallotChoice.AGREE
    assert tabular.parse_choice(BallotChoice, "Oppose", "choice") == BallotChoice.OPPOSE
    assert tabular.parse_choice(BallotChoice, "", "choice", BallotChoice.ABSTAIN) == BallotChoice.ABSTAIN
    for text in ("", "yes"):
        with pytest.raises(CellError, match="choice must be one of agree/oppose/abstain"):
            tabular.parse_choice(BallotChoice, text, "choice")


def test_parse_date(en):
    assert tabular.parse_date("2026-12-01", "d") == date(2026, 12, 1)
    assert tabular.parse_date("2026/1/5", "d") == date(2026, 1, 5)
    for text in ("2026-02-30", "01/12/2026", "２０２６-12-01", ""):
        with pytest.raises(CellError, match="must be a date"):
            tabular.parse_date(text, "d")
    with pytest.raises(CellError, match="at least 2026-01-01"):
        tabular.parse_date("2025-12-31", "d", minimum=date(2026, 1, 1))


def test_parse_text(en):
    assert tabular.parse_text("张三", "owner_name", 3) == "张三"
    assert tabular.parse_text("", "owner_name", 3, required=False) == ""
    with pytest.raises(CellError, match="owner_name is empty"):
        tabular.parse_text("", "owner_name", 3)
    with pytest.raises(CellError, match="longer than 3"):
        tabular.parse_text("张三丰x", "owner_name", 3)


# --- writing ------------------------------------------------------------------------------------

FORMULAS = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"]


def test_safe_cell():
    assert [tabular.safe_cell(text) for text in FORMULAS] == ["'" + text for text in FORMULAS]
    assert tabular.safe_cell(-1) == -1 and tabular.safe_cell(Decimal("-1.5")) == Decimal("-1.5")
    assert tabular.safe_cell(None) == "" and tabular.safe_cell("张三") == "张三"


def test_csv_has_a_bom_and_escapes_formulas_but_not_numbers():
    body = tabular.to_csv([["text", "number"], *[[text, -1] for text in FORMULAS], ["张三", 80.5]])
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    assert [row[0] for row in rows[1:-1]] == ["'" + text for text in FORMULAS]
    assert {row[1] for row in rows[1:-1]} == {"-1"} and rows[-1] == ["张三", "80.5"]


def test_xlsx_escapes_formulas_and_keeps_numbers_as_numbers():
    rows = [
        ["text", "number"],
        *[[text, -1] for text in FORMULAS],
        ["张三", Decimal("80.50")],
        ["bad\x01", 1],
    ]
    book = load_workbook(io.BytesIO(tabular.to_xlsx(rows, "表决[登记]册/2026")))
    sheet = book.active
    assert sheet.title == "表决登记册2026"
    values = list(sheet.iter_rows(values_only=True))
    # XML reads a CR back as a line feed; the quote is still in front.
    assert [row[0] for row in values[1:7]] == ["'" + text.replace("\r", "\n") for text in FORMULAS]
    assert all(row[1] == -1 for row in values[1:7]) and values[7] == ("张三", 80.5)
    assert values[8] == ("bad", 1)
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_what_is_written_reads_back(en):
    rows = [HEADER, ["张三", Decimal("80.50"), 3], ["=cmd", 1, 2]]
    for body in (tabular.to_csv(rows), tabular.to_xlsx(rows, "t")):
        read_back, problems = read(body)
        assert read_back == [
            (2, ["张三", "80.50" if body[:2] != b"PK" else "80.5", "3"]),
            (3, ["'=cmd", "1", "2"]),
        ]
        assert problems == []


@pytest.mark.parametrize(("fmt", "content_type"), [("csv", "text/csv"), ("xlsx", "spreadsheetml")])
def test_download_headers(app, fmt, content_type):
    with app.test_request_context():
        response = tabular.download([["a"], [1]], fmt, "表决登记册-12")
    disposition = response.headers["Content-Disposition"]
    assert content_type in response.headers["Content-Type"]
    assert response.headers["Cache-Control"] == "no-store"
    assert disposition.startswith(f'attachment; filename="12.{fmt}"; ')
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == f"表决登记册-12.{fmt}"
    assert disposition.isascii()


def test_download_of_an_unknown_format_is_not_found(app):
    from werkzeug.exceptions import NotFound

    with app.test_request_context(), pytest.raises(NotFound):
        tabular.download([["a"]], "pdf", "x")


def test_content_disposition_of_an_ascii_name():
    assert tabular.content_disposition("register-3.csv") == (
        "attachment; filename=\"register-3.csv\"; filename*=UTF-8''register-3.csv"
    )
    assert tabular.content_disposition('a"b\r\n.csv').startswith('attachment; filename="a_b.csv"')


def test_a_workbook_is_read_up_to_its_own_row_limit(en, monkeypatch):
    assert tabular.sheet_row_limit(120_000, 8) == 18_000 and tabular.sheet_row_limit(100_000, 3) == 50_000
    monkeypatch.setattr(tabular.workbook, "MAX_CELLS", 9)  # three rows of three columns
    _, problems = read(xlsx(HEADER, *[["x", 1, 2]] * 4))
    assert problems == [
        (5, "The workbook has more than 3 rows; split it, or save it as CSV (which may have more).")
    ]


def test_a_cell_far_down_the_sheet_ends_the_reading_quickly(en):
    book = Workbook()
    book.active.append(HEADER)
    book.active.append(["x", 1, 2])
    book.active.cell(row=1_000_000, column=1, value="far away")
    data = io.BytesIO()
    book.save(data)
    rows, problems = read(data.getvalue())
    assert rows == [(2, ["x", "1", "2"])]
    last = tabular.sheet_row_limit(tabular.MAX_ROWS, len(HEADER)) + 1 + tabular.workbook.MAX_BLANK_ROWS
    assert problems == [(last + 1, "The workbook is too large to read here; save it as CSV.")]
