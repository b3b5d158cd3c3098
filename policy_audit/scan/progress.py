"""What a scan shows while it runs: nothing (``--quiet``, a pipe, CI) or a progress bar on stderr."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from rich.progress import TaskID


class Progress(Protocol):
    def start(self, total: int) -> None: ...
    def working_on(self, path: str) -> None: ...
    def done(self, path: str) -> None: ...
    def stop(self) -> None: ...


class NoProgress:
    def start(self, total: int) -> None:
        pass

    def working_on(self, path: str) -> None:
        pass

    def done(self, path: str) -> None:
        pass

    def stop(self) -> None:
        pass


class RichProgress:
    """A progress bar on stderr: documents done / total, elapsed, ETA, and the file being read."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            TextColumn("scanning"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("eta"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[current]}", style="dim"),
            console=Console(stderr=True),
            transient=False,
        )
        self._task: TaskID | None = None

    def start(self, total: int) -> None:
        self._progress.start()
        self._task = self._progress.add_task("scan", total=total, current="")

    def working_on(self, path: str) -> None:
        name = os.path.basename(path)
        assert self._task is not None, "start() comes first"
        self._progress.update(self._task, current=name if len(name) <= 40 else name[:37] + "...")

    def done(self, path: str) -> None:
        assert self._task is not None, "start() comes first"
        self._progress.advance(self._task)

    def stop(self) -> None:
        if self._task is not None:
            self._progress.update(self._task, current="")
        self._progress.stop()
