"""A package's names imported when first asked for (PEP 562), so that importing the package is cheap.

`check` looks for a config file and a review file before it starts reading; the config and review
packages load their pydantic schemas only when there is a file to read.

Model layer: imports nothing from the package.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def module_getattr(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """A ``__getattr__`` for ``package`` that imports ``package.<homes[name]>`` and returns its ``name``."""

    def __getattr__(name: str) -> Any:
        if name not in homes:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{homes[name]}"), name)

    return __getattr__
