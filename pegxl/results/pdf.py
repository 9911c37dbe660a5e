"""The Relazione as PDF/A (``consolidate --pdf``), for publication in Amministrazione
Trasparente, which asks for an open format (d.lgs. 33/2013 art. 7; ANAC suggests PDF/A).

The same page as the HTML report (:mod:`pegxl.results.html`), laid out for A4 by WeasyPrint:
page numbers, the table of contents, each sector on its own pages, the Nucleo's validation and
the technical annex last. Written as **PDF/A-2a**: every font embedded (subset), text as real
text with its Unicode mapping, tagged for screen readers. WeasyPrint is an optional extra
(``pegxl[pdf]``): without it ``--pdf`` is a usage error that names the extra.

Nothing a sector typed can become a link or a script: the text is escaped by the template, the
page holds no script and loads nothing (every URL fetch is refused), and only the page's own
internal links (the table of contents) are kept in the PDF. The file is sealed as pegxl's
output in its /ID (:func:`pegxl.outputs.seal_pdf`); the same consolidation gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pegxl.outputs import OutputKind, Outputs, pdf_identifier, seal_pdf
from pegxl.results.consolidate import Consolidation

__all__ = ["PDF_VARIANT", "PdfMissing", "available", "render_pdf", "write_pdf"]

#: tagged PDF/A-2 (level A: accessible, text with Unicode): an archival format the
#: publication rules accept and a screen reader can read
PDF_VARIANT = "pdf/a-2a"


class PdfMissing(RuntimeError):
    """WeasyPrint (the ``pdf`` extra) is not installed, or its system libraries are not."""


def _weasyprint() -> Any:
    try:
        import weasyprint  # optional: only where --pdf is used
    except (ImportError, OSError) as e:  # OSError: Pango missing from the system
        raise PdfMissing(str(e)) from None
    return weasyprint


def available() -> bool:
    """Whether ``--pdf`` can be used here."""
    try:
        _weasyprint()
    except PdfMissing:
        return False
    return True


def _no_fetch(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    """Every URL the page might name is refused: the report loads nothing."""
    raise ValueError(f"pegxl's report loads nothing ({url[:40]})")


def render_pdf(result: Consolidation, lang: str = "it") -> bytes:
    """The Relazione as sealed PDF/A bytes."""
    from pegxl.results.html import render_report

    weasyprint = _weasyprint()
    page = render_report(result, lang)
    document = weasyprint.HTML(string=page, url_fetcher=_no_fetch).render()
    for p in document.pages:  # only the page's own anchors: never a link out
        p.links[:] = [link for link in p.links if link[0] == "internal"]
    data: bytes = document.write_pdf(
        pdf_variant=PDF_VARIANT,
        pdf_identifier=pdf_identifier(OutputKind.PDF),
    )
    return seal_pdf(data, OutputKind.PDF)


def write_pdf(
    result: Consolidation, path: str | Path, lang: str = "it", outputs: Outputs | None = None
) -> Path:
    """Write the Relazione as PDF/A to ``path`` (atomically; refused over a file pegxl did not
    write or over an input; the one it replaces is kept in the archive). Raises
    :class:`PdfMissing` without WeasyPrint."""
    outputs = outputs or Outputs()
    target = outputs.claim(path, OutputKind.PDF)
    data = render_pdf(result, lang)
    with outputs.atomic(target) as tmp:
        tmp.write_bytes(data)
    return target
