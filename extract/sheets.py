"""Spreadsheets → text: every visible sheet as a grid, merged cells filled.

XLSX with openpyxl (MIT), XLS with xlrd (BSD; ``formatting_info`` on, which is what gives the merged
ranges). Values as a reader sees them: whole numbers without ``.0``, dates as ``YYYY-MM-DD``, the
cached result of a formula. When a workbook has several non-empty sheets each table is preceded by
its sheet's name on a line of its own. Hidden sheets (drop-down lists and lookups) are not read.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile

from .grid import Grid, join_lines


class SheetError(ValueError):
    """A workbook that cannot be read; the message is one line for the user."""


def _value(v) -> str:
    """A cell value as text."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "是" if v else "否"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, dt.datetime):
        return v.date().isoformat() if v.time() == dt.time() else v.isoformat(sep=" ")
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    return join_lines(str(v).replace("\r", "\n").split("\n"))


def _join_sheets(tables: list[tuple[str, list[str]]]) -> str:
    tables = [(name, lines) for name, lines in tables if lines]
    if len(tables) == 1:
        return "\n".join(tables[0][1])
    out: list[str] = []
    for name, lines in tables:
        out.append(name.strip())
        out.extend(lines)
    return "\n".join(out)


def read_xlsx(data: bytes) -> str:
    """The text of an XLSX workbook (see the module docstring)."""
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - a declared dependency
        raise SheetError("reading XLSX needs openpyxl (pip install openpyxl)") from None
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise SheetError(f"corrupt XLSX file ({type(e).__name__}: {str(e)[:80]})") from None
    except Exception as e:  # damaged XML parts
        raise SheetError(f"corrupt XLSX file ({type(e).__name__})") from None
    tables = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        grid = Grid()
        covered: set[tuple[int, int]] = set()
        for rng in ws.merged_cells.ranges:
            top = ws.cell(rng.min_row, rng.min_col).value
            grid.add(rng.min_row - 1, rng.min_col - 1, _value(top), rows=rng.max_row - rng.min_row + 1,
                     cols=rng.max_col - rng.min_col + 1)
            covered.update((r, c) for r in range(rng.min_row, rng.max_row + 1)
                           for c in range(rng.min_col, rng.max_col + 1))
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None or (cell.row, cell.column) in covered:
                    continue
                grid.add(cell.row - 1, cell.column - 1, _value(cell.value))
        grid.cells.sort(key=lambda c: (c.row, c.col))
        tables.append((ws.title, grid.lines()))
    return _join_sheets(tables)


def read_xls(data: bytes) -> str:
    """The text of a legacy XLS workbook (BIFF, read by xlrd)."""
    try:
        import xlrd
    except ImportError:  # pragma: no cover - a declared dependency
        raise SheetError("reading XLS needs xlrd (pip install xlrd)") from None
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=False)
    except NotImplementedError:  # xlrd reads formatting of BIFF 5-8 only
        book = _open_plain(xlrd, data)
    except xlrd.biffh.XLRDError as e:
        msg = str(e)
        if "encrypt" in msg.lower() or "password" in msg.lower():
            raise SheetError("encrypted XLS file (password protected); save it without a password") from None
        raise SheetError(f"corrupt XLS file ({msg[:80]})") from None
    except Exception as e:
        raise SheetError(f"corrupt XLS file ({type(e).__name__})") from None
    tables = []
    for sh in book.sheets():
        if getattr(sh, "visibility", 0) != 0:
            continue
        grid = Grid()
        covered: set[tuple[int, int]] = set()
        for r0, r1, c0, c1 in sh.merged_cells:
            grid.add(r0, c0, _xls_value(xlrd, book, sh.cell(r0, c0)), rows=r1 - r0, cols=c1 - c0)
            covered.update((r, c) for r in range(r0, r1) for c in range(c0, c1))
        for r in range(sh.nrows):
            for c in range(sh.ncols):
                if (r, c) in covered:
                    continue
                text = _xls_value(xlrd, book, sh.cell(r, c))
                if text:
                    grid.add(r, c, text)
        grid.cells.sort(key=lambda c: (c.row, c.col))
        tables.append((sh.name, grid.lines()))
    return _join_sheets(tables)


def _open_plain(xlrd, data: bytes):
    try:
        return xlrd.open_workbook(file_contents=data)
    except Exception as e:
        raise SheetError(f"corrupt XLS file ({type(e).__name__})") from None


def _xls_value(xlrd, book, cell) -> str:
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return _value(xlrd.xldate_as_datetime(cell.value, book.datemode))
        except Exception:
            return _value(cell.value)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return _value(bool(cell.value))
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    return _value(cell.value)
