"""`policy-audit config`: the settings in effect and where each comes from."""

from __future__ import annotations

import json

import typer

from policy_audit.cli.app import app
from policy_audit.cli.handling import handles_errors
from policy_audit.cli.options import ColorOption, QuietOption, VerboseOption
from policy_audit.cli.output import configure, emit
from policy_audit.cli.settings import CONFIG_KEY


@app.command("config")
@handles_errors
def config_command(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="As a JSON object: key -> {value, source}."),
    quiet: bool = QuietOption,
    verbose: bool = VerboseOption,
    color: bool | None = ColorOption,
) -> None:
    """Show the effective settings and the file each comes from (options given to a command still win)."""
    from policy_audit.config import LoadedConfig, Settings
    from policy_audit.config.schema import KEYS

    configure(quiet, verbose, color)
    loaded = ctx.meta.get(CONFIG_KEY) or LoadedConfig(Settings())
    values = loaded.set_keys()
    source = str(loaded.path) if loaded.path else None
    rows = {key: {"value": values.get(key), "source": source if key in values else "default"} for key in KEYS}
    if as_json:
        emit(json.dumps({"config_file": source, "settings": rows}, indent=2, sort_keys=True), None)
        return
    lines = [f"config file: {source or 'none found (defaults apply)'}"]
    for key, row in rows.items():
        shown = json.dumps(row["value"]) if row["value"] is not None else "(each command's default)"
        lines.append(f"{key} = {shown}" + (f"  # from {row['source']}" if row["source"] != "default" else ""))
    emit("\n".join(lines), None)
