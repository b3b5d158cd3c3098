"""The config file's settings become every command's defaults, once, before the command parses its
options (policy_audit.config; click's default_map): one place, not a lookup in each command."""

from __future__ import annotations

from pathlib import Path

import typer

from policy_audit.cli.handling import fail
from policy_audit.cli.output import configure
from policy_audit.errors import UsageError
from policy_audit.exitcodes import ExitCode

CONFIG_KEY = "policy_audit.config"  # ctx.meta: the LoadedConfig, for `policy-audit config`


def apply_config(ctx: typer.Context, explicit: Path | None) -> None:
    from policy_audit.config import find_config

    configure()  # each run starts from the defaults: no -q, -v or --color until its command says so
    try:
        path = explicit if explicit is not None else find_config(Path.cwd().resolve())
    except UsageError as exc:  # a pyproject.toml on the way that cannot be read
        raise fail(f"error: {exc}", ExitCode.USAGE)
    if path is not None:  # no settings: nothing to apply (and no schema to import before `check` reads)
        _apply_file(ctx, path)


def _apply_file(ctx: typer.Context, path: Path) -> None:
    from policy_audit.config import default_map, load_config
    from policy_audit.report import formats_for

    commands = getattr(ctx.command, "commands", {})
    parameters = {name: [p.name for p in command.params if p.name] for name, command in commands.items()}
    formats = {}
    for name in commands:
        try:
            formats[name] = [f.value for f in formats_for(name)]
        except ValueError:
            formats[name] = []  # a command without report formats (config)
    try:
        loaded = load_config(path)  # the file found, read as --config FILE would be
        ctx.default_map = default_map(loaded, parameters, formats)
    except UsageError as exc:
        raise fail(f"error: {exc}", ExitCode.USAGE)
    ctx.meta[CONFIG_KEY] = loaded
