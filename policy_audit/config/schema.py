"""The keys a config file may set, and what each must hold. Strict: a wrong type is an error, never
a guess ("4" is not a number of jobs), and an unknown key is an error naming it."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    standard: str | None = None
    rules: list[str] | None = Field(default=None, description="rule folders, relative to the config file")
    review: str | None = Field(default=None, description="a review file, relative to the config file")
    department: str | None = None
    groups: str | None = Field(default=None, description="a path,department CSV, relative to the config file")
    format: str | None = None
    jobs: int | None = Field(default=None, ge=1)
    timeout: float | None = Field(default=None, ge=0)
    max_pages: int | None = Field(default=None, ge=1)
    max_bytes: str | int | None = Field(default=None, description="512MB, 2GB or bytes; 0: no limit")
    max_memory: str | int | None = Field(default=None, description="2GB or bytes; 0: no limit")
    ocr: Literal["auto", "always", "never"] | None = None
    engine: Literal["pdfium", "pdfplumber"] | None = None
    exit_zero: bool | None = None


KEYS: tuple[str, ...] = tuple(Settings.model_fields)
PATH_KEYS = frozenset({"rules", "review", "groups"})  # resolved against the config file's folder
