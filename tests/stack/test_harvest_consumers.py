"""The harvest consumers started by `make run` survive idle queues (redis-py 8 socket timeout)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest


@pytest.mark.parametrize("queue", ["gather", "fetch"])
def test_idle_consumer_keeps_running(queue: str):
    ckan = Path(sys.executable).with_name("ckan")
    proc = subprocess.Popen(
        [str(ckan), "-c", os.environ["CKAN_INI"], "jena", "harvest-consumer", queue],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        # redis-py 8's default socket timeout is 5 s; stock `ckan harvester gather-consumer` dies after it.
        time.sleep(12)
        assert proc.poll() is None, proc.communicate()[0]
    finally:
        proc.terminate()
        proc.wait(10)
