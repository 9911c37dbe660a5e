"""Drive LibreOffice Calc like a user, through the UNO bridge (run with the system python3).

    /usr/bin/python3 tests/uno_driver.py JOB.json

JOB: {"soffice", "profile", "input", "outputs": {"xlsx": path, "ods": path}, "lang",
      "actions": [[sheet, cell, keystrokes], ...],
      optional "filter" and "filter_options" (how the input is opened, e.g. a CSV import),
      optional "inspect": true}
Keystrokes go through the UI dispatcher (.uno:GoToCell then .uno:EnterString), which honours sheet
protection and the locale like a keyboard; the API setters would bypass both. Prints a JSON report:
what each cell holds after typing, then the files are stored. With "inspect" the report is
{"typed": [...], "inspect": {...}}: the sheet shown on opening and the sheets selected (grouped)
with it, every sheet's used area as strings,
its comments (annotations) by cell, its hyperlinks by cell, and where each internal hyperlink
leads when LibreOffice follows it (the document opened again at the link's mark, as a Ctrl+click
does through the same jump).

A crash of soffice is never mistaken for a result: files are stored in a private folder and
copied to their destination only once soffice is known to be still running after the last save;
if it died, the driver exits with EXIT_CLIENT_DIED and says soffice's own exit status, so the
caller can retry with a fresh profile (tests/clients.py does).
"""

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue

#: the client (soffice) died or dropped the bridge: worth one more try with a fresh profile
EXIT_CLIENT_DIED = 75
#: generous waits: a loaded two-core machine starts a fresh profile slowly
START_SECONDS = 180
OPEN_SECONDS = 60


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def died(office, where):
    status = office.poll()
    if status is not None:
        print(f"soffice exited with status {status} {where}", file=sys.stderr)
        sys.exit(EXIT_CLIENT_DIED)


def open_doc(office, desktop, url, load):
    """The document at ``url``, retried while a fresh profile is still being set up."""
    doc = None
    deadline = time.monotonic() + OPEN_SECONDS
    while doc is None and time.monotonic() < deadline:
        died(office, "while opening the workbook")
        doc = desktop.loadComponentFromURL(url, "_blank", 0, load)
        if doc is None:  # a fresh profile is still being set up right after start
            time.sleep(0.5)
    return doc


def used_area(sheet):
    """The last used column and row of a sheet (0-based), or (-1, -1) when it is empty."""
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    end = cursor.getRangeAddress()
    return end.EndColumn, end.EndRow


def a1(col, row):
    """A 0-based column and row as an A1 reference."""
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


def inspect(office, desktop, doc, source):
    """What a user meets in the document: the sheet it opens on, each sheet's cells, comments
    and links, and where each internal link leads."""
    controller = doc.getCurrentController()
    out = {"active": controller.getActiveSheet().Name, "sheets": {}}
    # the sheets selected on opening: more than one when the file opens them grouped (what is
    # typed then goes into every one of them)
    selection = controller.getSelection()
    if hasattr(selection, "getRangeAddresses"):
        addresses = selection.getRangeAddresses()
    else:
        addresses = [selection.getRangeAddress()]
    names = doc.Sheets.ElementNames
    out["selected_sheets"] = sorted({names[a.Sheet] for a in addresses})
    targets = set()
    for sheet in doc.Sheets:
        last_col, last_row = used_area(sheet)
        cells, links = [], {}
        for r in range(last_row + 1):
            row = []
            for c in range(last_col + 1):
                cell = sheet.getCellByPosition(c, r)
                row.append(cell.getString())
                fields = cell.getTextFields().createEnumeration()
                while fields.hasMoreElements():
                    url = fields.nextElement().URL
                    links[a1(c, r)] = url
                    if url.startswith("#"):
                        targets.add(url)
            cells.append(row)
        notes = {}
        for note in sheet.getAnnotations():
            pos = note.getPosition()
            notes[a1(pos.Column, pos.Row)] = note.getString()
        out["sheets"][sheet.Name] = {"cells": cells, "comments": notes, "links": links}
    jumps = {}
    for url in sorted(targets):
        linked = open_doc(
            office, desktop, uno.systemPathToFileUrl(source) + url, (prop("Hidden", True),)
        )
        view = linked.getCurrentController()
        try:
            address = view.getSelection().getCellAddress()
            jumps[url] = [view.getActiveSheet().Name, a1(address.Column, address.Row)]
        except Exception:  # a range or nothing selected: the link did not lead to a cell
            jumps[url] = [view.getActiveSheet().Name, None]
        with contextlib.suppress(Exception):
            linked.close(True)
    out["jumps"] = jumps
    return out


def main():
    with open(sys.argv[1], encoding="utf-8") as fh:
        job = json.load(fh)
    # work on a private copy: a crashed office leaves a .~lock file beside what it opened, and
    # LibreOffice then asks "open read-only?", which makes every later API load fail
    work = tempfile.mkdtemp(prefix="pegxl-uno-")
    source = os.path.join(work, os.path.basename(job["input"]))
    shutil.copy(job["input"], source)
    pipe = "pegxl_" + uuid.uuid4().hex
    env = dict(os.environ, LANG=job["lang"], LC_ALL=job["lang"], LANGUAGE=job["lang"].split(".")[0])
    office = subprocess.Popen(
        [
            job["soffice"],
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "-env:UserInstallation=" + uno.systemPathToFileUrl(job["profile"]),
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        ctx = None
        deadline = time.monotonic() + START_SECONDS
        while ctx is None and time.monotonic() < deadline:
            died(office, "while starting")
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            except Exception:
                time.sleep(0.25)
        if ctx is None:
            print(f"LibreOffice did not start in {START_SECONDS} s", file=sys.stderr)
            sys.exit(EXIT_CLIENT_DIED)
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        load = [prop("Hidden", True)]
        if job.get("filter"):
            load.append(prop("FilterName", job["filter"]))
        if job.get("filter_options"):
            load.append(prop("FilterOptions", job["filter_options"]))
        doc = open_doc(office, desktop, uno.systemPathToFileUrl(source), tuple(load))
        if doc is None:
            raise SystemExit("LibreOffice could not open " + job["input"])
        inspected = inspect(office, desktop, doc, source) if job.get("inspect") else None
        controller = doc.getCurrentController()
        frame = controller.getFrame()
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        report = []
        for sheet_name, cell, text in job["actions"]:
            sheet = doc.Sheets.getByName(sheet_name)
            controller.setActiveSheet(sheet)
            before = sheet.getCellRangeByName(cell).getFormula()
            dispatcher.executeDispatch(frame, ".uno:GoToCell", "", 0, (prop("ToPoint", cell),))
            dispatcher.executeDispatch(
                frame, ".uno:EnterString", "", 0, (prop("StringName", text),)
            )
            c = sheet.getCellRangeByName(cell)
            report.append(
                {
                    "sheet": sheet_name,
                    "cell": cell,
                    "typed": text,
                    "before": before,
                    "formula": c.getFormula(),
                    "string": c.getString(),
                    "value": c.getValue(),
                    "type": c.getType().value,
                }
            )
        stored = {}
        for fmt, path in job["outputs"].items():
            flt = "Calc MS Excel 2007 XML" if fmt == "xlsx" else "calc8"
            private = os.path.join(work, "out." + fmt)
            doc.storeToURL(uno.systemPathToFileUrl(private), (prop("FilterName", flt),))
            stored[private] = path
        time.sleep(0.5)  # a crash after a UI dispatch comes a moment later: give it the chance
        died(office, "after saving")  # the files may be partial: never handed over
        for private, path in stored.items():
            shutil.copy(private, path)
        print(json.dumps(report if inspected is None else {"typed": report, "inspect": inspected}))
        sys.stdout.flush()
        with contextlib.suppress(Exception):
            doc.close(True)
    except SystemExit:
        raise
    except Exception as e:  # the bridge dropped: say whether soffice died under it
        status = office.poll()
        print(f"UNO error {type(e).__name__}: {e}; soffice status {status}", file=sys.stderr)
        sys.exit(EXIT_CLIENT_DIED)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        office.terminate()
        try:
            office.wait(timeout=30)
        except Exception:
            office.kill()


if __name__ == "__main__":
    main()
