"""What the browser tests share: headless Chromium, where screenshots go, an in-process live portal."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from jena_stack.ports import LOOPBACK, free_port

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
NEEDS_CHROMIUM = pytest.mark.skipif(not CHROMIUM.exists(), reason=f"headless Chromium is not installed at {CHROMIUM}")


@pytest.fixture
def live_server(ckan_config: dict[str, Any], monkeypatch: pytest.MonkeyPatch, make_app: Any) -> Iterator[str]:
    """The portal in this process, on a free port, with the test's settings (roles, config marks);
    ``ckan.site_url`` points there so redirects stay local."""
    port = free_port()
    url = f"http://{LOOPBACK}:{port}"
    monkeypatch.setitem(ckan_config, "ckan.site_url", url)
    server = make_server(LOOPBACK, port, make_app().app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url
    server.shutdown()
    thread.join(timeout=10)
