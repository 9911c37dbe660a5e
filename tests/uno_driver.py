"""Drive LibreOffice Calc like a user, through the UNO bridge (run with the system python3).

    /usr/bin/python3 tests/uno_driver.py JOB.json

JOB: {"soffice", "profile", "input", "outputs": {"xlsx": path, "ods": path}, "lang",
      "actions": [[sheet, cell, keystrokes], ...]}
Keystrokes go through the UI dispatcher (.uno:GoToCell then .uno:EnterString), which honours sheet
protection and the locale like a keyboard; the API setters would bypass both. Prints a JSON report:
what each cell holds after typing, then the files are stored.
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


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


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
        for _ in range(240):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.25)
        if ctx is None:
            raise SystemExit("LibreOffice did not start")
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = None
        for _ in range(40):  # a fresh profile is still being set up right after start
            doc = desktop.loadComponentFromURL(
                uno.systemPathToFileUrl(source), "_blank", 0, (prop("Hidden", True),)
            )
            if doc is not None:
                break
            time.sleep(0.5)
        if doc is None:
            raise SystemExit("LibreOffice could not open " + job["input"])
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
        for fmt, path in job["outputs"].items():
            flt = "Calc MS Excel 2007 XML" if fmt == "xlsx" else "calc8"
            doc.storeToURL(uno.systemPathToFileUrl(path), (prop("FilterName", flt),))
        print(json.dumps(report))
        sys.stdout.flush()
        # the bridge sometimes drops after a save: the files are already written
        with contextlib.suppress(Exception):
            doc.close(True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        office.terminate()
        try:
            office.wait(timeout=20)
        except Exception:
            office.kill()


if __name__ == "__main__":
    main()
