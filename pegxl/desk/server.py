"""``pegxl serve``: the desk under waitress, a production WSGI server in pure Python that runs
the same on a Windows office PC and on a Linux server.

waitress reads every request whole — headers and body, the body spooled to a temporary file past
a small size — on its own event loop *before* a worker thread sees it, and drops a connection
idle for :data:`CHANNEL_TIMEOUT` seconds: a slow or broken client holds a socket, never a thread,
so it never blocks the others. Bodies larger than the upload limit are refused before they are
read whole. Log lines go to standard error with every upload secret hidden.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from pegxl.desk.app import LOGGER, RedactSecrets, create_app
from pegxl.i18n import text

__all__ = ["serve"]

#: seconds a connection may stay idle before it is closed
CHANNEL_TIMEOUT = 60


def _logging(known: frozenset[str]) -> None:
    """Log lines on standard error, each passed through the secrets filter (the desk's own and
    waitress's)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    handler.addFilter(RedactSecrets(known))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    for name in ("waitress", "pegxl.desk", "werkzeug"):
        logging.getLogger(name).addFilter(RedactSecrets(known))


def serve(root: str | Path, host: str, port: int, lang: str, threads: int = 8) -> int:
    """Serve the desk of the campaign in ``root`` until interrupted; the exit code."""
    from waitress import create_server

    app = create_app(root, lang)
    desk = app.extensions["pegxl_desk"]
    _logging(desk.secrets)
    limit = app.config["MAX_CONTENT_LENGTH"]
    server = create_server(
        app,
        host=host,
        port=port,
        threads=max(1, threads),
        channel_timeout=CHANNEL_TIMEOUT,
        max_request_body_size=2 * limit + 1024 * 1024,  # past it, the app answers in words
        max_request_header_size=64 * 1024,
        expose_tracebacks=False,
        ident="pegxl",
    )
    bound = getattr(server, "effective_port", port)
    shown_host = getattr(server, "effective_host", host)
    print(text("desk.listening", lang, url=f"http://{shown_host}:{bound}/"), flush=True)
    LOGGER.info("desk of %s on %s:%s", Path(root).name, shown_host, bound)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0
