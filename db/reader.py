"""Read a results or methodology file as staff have it: CSV or Excel, our columns or theirs.

An office's spreadsheet has a title row or two above the header, Indonesian column names
("Nama Instansi", "Nilai", "Predikat"), words such as "Kab." or "Zona Hijau", and decimal
commas ("90,10"). This module finds the header, maps the columns and the words to ours,
and streams ``SourceRow`` (the row's own line number in the file) into the unchanged
validator, so every problem still reads ``file:row: message``. Values it cannot map are
passed through as written, for the validator to refuse with their row.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from db.store import RESULT_COLUMNS, SourceRow, clean_cells
from db.validate import Problem
from model.instruments import INSTRUMENT_COLUMNS, METHOD_REQUIRED, language_columns

HEADER_SCAN = 20  # rows searched for the header (title rows above it are skipped)
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
RESULTS_REQUIRED = ("year", "institution", "kind", "source_url")
ALL_RESULT_COLUMNS = (*RESULT_COLUMNS, "label")
METHOD_COLUMNS = (*INSTRUMENT_COLUMNS, "note")

# Folded header text -> our column. Ours are accepted as written, too.
COLUMN_ALIASES: dict[str, str] = {
    "tahun": "year",
    "tahun penilaian": "year",
    "nama instansi": "institution",
    "instansi": "institution",
    "nama": "institution",
    "nama lembaga": "institution",
    "jenis": "kind",
    "jenis instansi": "kind",
    "kode wilayah": "region_code",
    "kode": "region_code",
    "provinsi": "province",
    "nilai": "score",
    "skor": "score",
    "nilai akhir": "score",
    "zona": "zone",
    "opini": "opinion",
    "kategori": "opinion",
    "predikat": "opinion",
    "peringkat": "rank",
    "lingkup peringkat": "rank_scope",
    "bukti": "evidence",
    "sumber": "source_url",
    "url sumber": "source_url",
    "tautan sumber": "source_url",
    "catatan": "note",
    "keterangan": "note",
    "tahun dari": "year_from",
    "tahun sampai": "year_to",
    "instrumen": "instrument",
}
KIND_VALUES: dict[str, str] = {
    "kabupaten": "kabupaten",
    "kab": "kabupaten",
    "pemkab": "kabupaten",
    "kota": "kota",
    "pemkot": "kota",
    "provinsi": "provinsi",
    "prov": "provinsi",
    "pemprov": "provinsi",
    "kementerian": "kementerian",
    "lembaga": "lembaga",
    "polres": "polres",
    "polresta": "polres",
    "polrestabes": "polres",
    "polda": "polda",
    "kantor pertanahan": "kantor_pertanahan",
    "kantah": "kantor_pertanahan",
    "kanwil bpn": "kanwil_bpn",
    "lainnya": "other",
}
OPINION_VALUES: dict[str, str] = {
    "a": "tertinggi",
    "b": "tinggi",
    "c": "sedang",
    "d": "rendah",
    "e": "terendah",
}
OPINION_PREFIXES = ("opini ", "kualitas ", "kategori ", "predikat kepatuhan ", "kepatuhan ")
SCOPE_VALUES = {"provinsi": "provinsi", "se provinsi": "provinsi", "tingkat provinsi": "provinsi"}
_DECIMAL = re.compile(r"^-?\d+(?:[.,]\d+)?$")


def fold(text: str) -> str:
    """Case and spacing free (headers and words as an office types them)."""
    return " ".join(text.casefold().split())


@dataclass
class Table:
    """A file read into our columns, or the problems that stopped it."""

    origin: str
    kind: str = "results"  # "results" | "method"
    columns: list[str] = field(default_factory=list)
    rows: list[SourceRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def to_csv(self) -> bytes:
        """The rows in our own CSV columns: what is kept under imports/ and rebuilt from."""
        cols: tuple[str, ...] = ALL_RESULT_COLUMNS
        if self.kind == "method":  # and any other language's name_<code>/label_<code>
            more = [c for c in language_columns(self.columns) if c not in METHOD_COLUMNS]
            cols = (*METHOD_COLUMNS, *more)
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n")
        writer.writeheader()
        for row in self.rows:
            writer.writerow({c: row.data.get(c, "") for c in cols})
        return buf.getvalue().encode()


def column_for(header: str) -> str | None:
    """Our column for a header cell ("Nama Instansi" -> institution), case and spacing free."""
    key = " ".join(fold(header).replace("_", " ").split())
    ours = key.replace(" ", "_")
    if ours in ALL_RESULT_COLUMNS or ours in METHOD_COLUMNS or language_columns([ours]):
        return ours
    return COLUMN_ALIASES.get(key)


def cell_text(value: object) -> str:
    """A cell as text: whole numbers without ".0", other numbers as written."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def _csv_lines(path: Path) -> Generator[tuple[int, list[str]], None, None]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        sample = fh.read(4096)
        fh.seek(0)
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        reader = csv.reader(fh, delimiter=delimiter)
        for cells in reader:
            yield reader.line_num, [c.strip() for c in cells]


def _xlsx_lines(path: Path) -> Generator[tuple[int, list[str]], None, None]:
    import openpyxl  # only staff imports need it

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [cell_text(c) for c in cells]
    finally:
        book.close()


def lines(path: Path) -> Generator[tuple[int, list[str]], None, None]:
    """(line or row number, cells) of the first sheet or the CSV."""
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return _xlsx_lines(path)
    return _csv_lines(path)


def _find_header(
    numbered: Iterator[tuple[int, list[str]]],
) -> tuple[int, list[str | None], list[str]] | None:
    """The first row that names the key columns, within the first ``HEADER_SCAN`` rows."""
    for number, cells in numbered:
        mapped = [column_for(c) if c else None for c in cells]
        found = set(filter(None, mapped))
        if {"year", "institution"} <= found or {"year_from", "instrument"} <= found:
            return number, mapped, cells
        if number >= HEADER_SCAN:
            return None
    return None


def normalise(column: str, value: str, row: dict[str, str]) -> str:
    """An office's word or number in our vocabulary; unknown values are left as written."""
    if not value:
        return value
    folded = " ".join(fold(value).replace(".", " ").replace("-", " ").split())
    if column == "kind":
        return KIND_VALUES.get(folded, value)
    if column == "zone":
        return folded.removeprefix("zona ") if folded.startswith("zona ") else folded
    if column == "opinion":
        for prefix in OPINION_PREFIXES:
            folded = folded.removeprefix(prefix)
        return OPINION_VALUES.get(folded, folded)
    if column == "rank_scope":
        if folded == "nasional" and row.get("kind"):
            return f"nasional_{row['kind']}"
        return SCOPE_VALUES.get(folded, value)
    if column == "score" and _DECIMAL.match(value):  # "90,10" and Excel's 90.1: "90.10"
        number = value.replace(",", ".")
        return number + "0" if len(number.partition(".")[2]) == 1 else number
    if column in ("year", "rank") and re.fullmatch(r"\d+[.,]0+", value):
        return value.split(",")[0].split(".")[0]
    return value


def read_table(path: Path, origin: str | None = None) -> Table:
    """Every row of ``path`` in our columns, or the problems (all of them) that stop it."""
    table = Table(origin or path.name)
    numbered = lines(path)
    try:
        found = _find_header(numbered)
        if found is None:
            table.problems.append(
                Problem(table.origin, 1, "no header row with Tahun/year and Instansi/institution")
            )
            return table
        header_line, mapped, raw = found
        table.kind = "method" if "year_from" in mapped else "results"
        seen: dict[str, str] = {}
        for column, text in zip(mapped, raw, strict=True):
            if column is None:
                continue
            if column in seen:
                table.problems.append(
                    Problem(
                        table.origin,
                        header_line,
                        f"columns {seen[column]!r} and {text!r} both mean {column}",
                    )
                )
            seen[column] = text
        required = METHOD_REQUIRED if table.kind == "method" else RESULTS_REQUIRED
        missing = [c for c in required if c not in seen]
        if missing:
            table.problems.append(
                Problem(table.origin, header_line, f"missing column(s): {', '.join(missing)}")
            )
        if table.problems:
            return table
        table.columns = list(seen)
        table.rows = list(_rows(table.origin, mapped, numbered))
    except Exception as exc:  # any unreadable file (not a zip, bad encoding…) is a problem
        table.problems.append(Problem(table.origin, 0, f"cannot read file: {exc}"))
        table.rows = []
    finally:
        numbered.close()  # an Excel file is closed even when the header was not found
    return table


def _rows(
    origin: str, mapped: list[str | None], numbered: Iterable[tuple[int, list[str]]]
) -> Iterator[SourceRow]:
    for number, cells in numbered:
        if not any(cells):
            continue  # blank lines and trailing empty sheet rows
        data = clean_cells(
            {column: value for column, value in zip(mapped, cells, strict=False) if column}
        )
        if "kind" in data:  # first: a national rank scope needs the kind
            data["kind"] = normalise("kind", data["kind"], data)
        for column in list(data):
            if column != "kind":
                data[column] = normalise(column, data[column], data)
        yield SourceRow(origin, number, data)


# The template's headers (an office's names, which ``COLUMN_ALIASES`` reads back) and its
# one example row: a shipped, sourced 2025 result, so a forgotten example adds no new fact.
TEMPLATE_HEADERS = (
    "Tahun",
    "Nama Instansi",
    "Jenis",
    "Provinsi",
    "Nilai",
    "Zona",
    "Opini",
    "Label",
    "Peringkat",
    "Lingkup Peringkat",
    "Sumber",
    "Catatan",
)
TEMPLATE_EXAMPLE = (
    2025,
    "Kota Palembang",
    "kota",
    "Sumatera Selatan",
    "88,24",
    "",
    "",
    "Sangat Baik",
    1,
    "provinsi",
    "https://www.sumselpers.com/2026/02/kota-palembang-raih-rapor-opini.html",
    "contoh: hapus baris ini; satu baris per instansi, tahun dan sumber",
)


def template_xlsx() -> bytes:
    """An Excel template: a title row, the headers, one example row (openpyxl)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Hasil"
    sheet.append(["Hasil penilaian kepatuhan / Opini Ombudsman: satu baris per hasil"])
    sheet.append(list(TEMPLATE_HEADERS))
    sheet.append(list(TEMPLATE_EXAMPLE))
    for column, width in zip(
        "ABCDEFGHIJKL", (8, 34, 12, 22, 8, 8, 10, 34, 10, 18, 50, 40), strict=True
    ):
        sheet.column_dimensions[column].width = width
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
