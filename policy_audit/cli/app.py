"""The typer application every command module registers itself on."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="policy-audit",
    help="Audit police policy manuals for the duty to intervene and the duty to render medical aid.",
    # --install-completion and --show-completion, as users of typer and click tools expect
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    # -h beside --help on every command (subcommands inherit the root's help option names)
    context_settings={"help_option_names": ["-h", "--help"]},
)
