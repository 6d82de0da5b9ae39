"""What a source file is, from its bytes first and its name second, and legacy formats converted.

Office files published as attachments often carry the wrong suffix (a DOCX or an HTML page named
``.doc``, an HTML table named ``.xls``): the content decides. ``sniff`` names the format;
``convert_with_soffice`` turns .doc/.wps/.rtf/.odt into DOCX with LibreOffice when it is installed.
"""
from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# formats read by a reader of their own; text and HTML go through decoding
BINARY_SUFFIXES = {".docx": "docx", ".docm": "docx", ".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls",
                   ".et": "xls", ".pdf": "pdf", ".doc": "doc", ".wps": "wps", ".rtf": "rtf", ".odt": "odt"}
NAMES = {"docx": "DOCX", "xlsx": "XLSX", "xls": "XLS", "pdf": "PDF", "doc": "Word 97-2003 (.doc)",
         "wps": "WPS Writer (.wps)", "rtf": "RTF", "odt": "OpenDocument text (.odt)"}
CONVERTED = {"doc", "wps", "rtf", "odt"}  # read after LibreOffice turns them into DOCX
SOFFICE_TIMEOUT = float(os.environ.get("POLICYKG_SOFFICE_TIMEOUT", "120"))


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def sniff(data: bytes, path: str = "") -> str | None:
    """``docx``, ``xlsx``, ``xls``, ``pdf``, ``doc``, ``wps``, ``rtf``, ``odt``, ``zip``, ``ole-encrypted``,
    ``ole`` for the formats read or refused here, or ``None`` for text and HTML (and other bytes)."""
    suffix = Path(path).suffix.lower()
    if data.lstrip(b"\x00\t\r\n \xef\xbb\xbf").startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return BINARY_SUFFIXES.get(suffix, "zip") if suffix in (".docx", ".xlsx", ".docm", ".xlsm") else "zip"
        if "word/document.xml" in names or any(n.startswith("word/") and n.endswith("document.xml") for n in names):
            return "docx"
        if "xl/workbook.xml" in names or any(n.startswith("xl/workbook") for n in names):
            return "xlsx"
        if b"opendocument.text" in data[:200]:
            return "odt"
        return "zip"
    if data.startswith(OLE2):
        body = data[: 1 << 20]
        if _utf16("EncryptedPackage") in body:
            return "ole-encrypted"
        if _utf16("WordDocument") in body:
            return "wps" if suffix == ".wps" else "doc"
        if _utf16("Workbook") in body or _utf16("Book\x00") in body:
            return "xls"
        return {".doc": "doc", ".wps": "wps", ".xls": "xls", ".et": "xls"}.get(suffix, "ole")
    if data.lstrip()[:5] == b"{\\rtf":
        return "rtf"
    return None


def soffice() -> str | None:
    """The LibreOffice executable, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_with_soffice(data: bytes, kind: str, target: str = "docx") -> bytes:
    """Convert a legacy document with LibreOffice in a temporary folder (own profile, time limit).

    Raises ``RuntimeError`` with a one-line reason when LibreOffice is missing, fails or times out.
    """
    exe = soffice()
    if exe is None:
        raise RuntimeError("LibreOffice is not installed")
    with tempfile.TemporaryDirectory(prefix="policykg-soffice-") as tmp:
        src = Path(tmp) / f"source.{kind}"
        src.write_bytes(data)
        profile = Path(tmp) / "profile"
        cmd = [exe, "--headless", "--norestore", "--nolockcheck", f"-env:UserInstallation={profile.as_uri()}",
               "--convert-to", target, "--outdir", tmp, str(src)]
        try:  # its own session, so that a time-out ends soffice.bin and its helpers too
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL, start_new_session=True)
        except OSError as e:
            raise RuntimeError(f"LibreOffice could not run: {e.strerror}") from None
        try:
            proc.wait(timeout=SOFFICE_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise RuntimeError(f"LibreOffice did not finish within {SOFFICE_TIMEOUT:.0f} s") from None
        out = Path(tmp) / f"source.{target}"
        if not out.is_file():
            raise RuntimeError("LibreOffice could not convert it (damaged or password protected?)")
        return out.read_bytes()
