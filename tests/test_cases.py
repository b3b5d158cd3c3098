"""Every passage case, one runner: a passage, the criterion it is graded on, and the grade it must get.

The cases live as data: ``tests/cases/**/*.yaml`` (the format is in ``tests/cases/README.md``) and the
``examples:`` of every rule file, which are the rule's own documentation. Each becomes one test with an
id like ``intervene.duty:duty.yaml:12:strong`` (rule, file, case number from 1, grade) or
``intervene.duty:examples:3:strong`` for a rule file's examples. A case file that breaks the format is
one failing test naming the file and the case, never a collection error that hides the others.
"""

from __future__ import annotations

import dataclasses
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import make_document

from policy_audit.document import Document
from policy_audit.errors import RuleError
from policy_audit.extract import ReadOptions, read_document
from policy_audit.findings import SCALE_GRADES, Grade
from policy_audit.match.grader import grade_document
from policy_audit.rulebook import STANDARDS, Rule, RuleSet, load_rules, standards_of

CASES_DIR = Path(__file__).parent / "cases"

FILE_KEYS = {"rule", "cases"}
OPTIONAL_FILE_KEYS = {"read"}  # read: text -- the pages are read as a text file is (page furniture, hyphens)
CASE_KEYS = {"passage", "pages", "grade", "why", "quote", "standard", "xfail", "tags"}
REQUIRED_CASE_KEYS = ("grade", "why")

# The grades each scale allows (findings.SCALE_GRADES), so that a case expecting a grade its rule cannot
# give fails at load with the choices rather than as a wrong grade.


@dataclass(frozen=True)
class PassageCase:
    rule: str
    pages: tuple[str, ...]
    grade: Grade
    why: str
    standard: str
    source: str  # the case file's name, or "examples" for a rule file's own
    number: int  # from 1, in its source
    quote: str | None = None
    xfail: str | None = None
    tags: tuple[str, ...] = ()
    paginated: bool = True  # rule files' examples were always graded as an unpaginated page
    read: bool = False  # the pages are written to a text file (form feeds between pages) and read as one

    @property
    def id(self) -> str:
        return f"{self.rule}:{self.source}:{self.number}:{self.grade.value}"


class CaseFileError(Exception):
    """A case file that breaks the format: the message names the file and, where there is one, the case."""


def default_standard(rule: Rule) -> str:
    """The narrowest rule set that holds the rule: core for intervene and medical, 8cantwait for 8cw,
    statutes for the statute elements."""
    return next(iter(standards_of(rule)), "core")


def _where(path: Path, number: int | None) -> str:
    try:
        shown = path.relative_to(CASES_DIR.parent.parent)
    except ValueError:
        shown = path
    return f"{shown}, case {number}" if number is not None else str(shown)


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _case(path: Path, number: int, raw: Any, rule: Rule) -> PassageCase:
    def fail(message: str) -> CaseFileError:
        return CaseFileError(f"{_where(path, number)}: {message}")

    if not isinstance(raw, dict):
        raise fail(f"a case must be a mapping of keys, not {type(raw).__name__}")
    unknown = sorted(set(raw) - CASE_KEYS)
    if unknown:
        raise fail(f"unknown key {unknown[0]!r}; a case has only {sorted(CASE_KEYS)}")
    for key in REQUIRED_CASE_KEYS:
        if key not in raw:
            raise fail(f"missing key {key!r}")
    if ("passage" in raw) == ("pages" in raw):
        raise fail("give either 'passage' (one page) or 'pages' (a list of pages), not both or neither")
    if "passage" in raw:
        if not _text(raw["passage"]):
            raise fail("key 'passage' must be a non-empty string")
        pages = (raw["passage"],)
    else:
        listed = raw["pages"]
        if not isinstance(listed, list) or not listed or not all(isinstance(p, str) for p in listed):
            raise fail("key 'pages' must be a non-empty list of strings")
        pages = tuple(raw["pages"])
    allowed = SCALE_GRADES[rule.scale]
    if raw["grade"] not in [g.value for g in allowed]:
        grades = [g.value for g in allowed]
        raise fail(f"key 'grade': {raw['grade']!r} is not a grade of {rule.id} ({rule.scale.value}): {grades}")
    for key in ("why", "quote", "xfail"):
        if key in raw and not _text(raw[key]):
            raise fail(f"key {key!r} must be a non-empty string")
    if "quote" in raw and Grade(raw["grade"]).rank == 0:
        raise fail(f"key 'quote': a case graded {raw['grade']} has no evidence to quote")
    standard = raw.get("standard", default_standard(rule))
    if standard not in STANDARDS:
        raise fail(f"key 'standard': unknown rule set {standard!r}; choose one of {list(STANDARDS)}")
    if standard not in standards_of(rule):
        raise fail(f"key 'standard': rule set {standard!r} does not grade {rule.id}")
    tags = raw.get("tags", [])
    if not isinstance(tags, list) or not all(_text(t) for t in tags):
        raise fail("key 'tags' must be a list of words")
    return PassageCase(
        rule=rule.id,
        pages=pages,
        grade=Grade(raw["grade"]),
        why=raw["why"],
        standard=standard,
        source=path.name,
        number=number,
        quote=raw.get("quote"),
        xfail=raw.get("xfail"),
        tags=tuple(tags),
    )


def load_case_file(path: Path, rules: RuleSet) -> list[PassageCase]:
    """The cases of one file, or CaseFileError naming the file and the first broken case."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CaseFileError(f"{_where(path, None)}: not readable YAML: {' '.join(str(exc).split())}") from None
    if not isinstance(data, dict):
        raise CaseFileError(f"{_where(path, None)}: must be a mapping with keys 'rule' and 'cases'")
    unknown = sorted(set(data) - FILE_KEYS - OPTIONAL_FILE_KEYS)
    if unknown:
        raise CaseFileError(
            f"{_where(path, None)}: unknown key {unknown[0]!r}; a case file has only "
            f"{sorted(FILE_KEYS | OPTIONAL_FILE_KEYS)}"
        )
    if data.get("read", "text") != "text":
        raise CaseFileError(f"{_where(path, None)}: key 'read': the only way to read cases is 'text'")
    for key in sorted(FILE_KEYS):
        if key not in data:
            raise CaseFileError(f"{_where(path, None)}: missing key {key!r}")
    rule = rules.get(data["rule"]) if isinstance(data["rule"], str) else None
    if rule is None or rule.id != data["rule"]:
        known = [r.id for r in rules]
        raise CaseFileError(f"{_where(path, None)}: key 'rule': {data['rule']!r} is not a rule id; known: {known}")
    if not isinstance(data["cases"], list) or not data["cases"]:
        raise CaseFileError(f"{_where(path, None)}: key 'cases' must be a non-empty list")
    cases = [_case(path, number, raw, rule) for number, raw in enumerate(data["cases"], start=1)]
    return [dataclasses.replace(c, read=True) for c in cases] if "read" in data else cases


def example_cases(rules: RuleSet) -> list[PassageCase]:
    """Each rule file's examples, graded as they always were: one unpaginated page, every built-in rule."""
    return [
        PassageCase(
            rule=rule.id,
            pages=(passage,),
            grade=grade,
            why=f"an example in {Path(rule.path).name or rule.id}",
            standard="all" if "all" in standards_of(rule) else "statutes",
            source="examples",
            number=number,
            paginated=False,
        )
        for rule in rules
        for number, (grade, passage) in enumerate(((g, p) for g, passages in rule.examples for p in passages), start=1)
    ]


def case_files(root: Path = CASES_DIR) -> list[Path]:
    return sorted(root.rglob("*.yaml"))


def _collect() -> list:
    try:
        rules = load_rules()
    except RuleError as exc:  # one failing test (test_rule_examples says why), not a collection crash
        return [pytest.param(None, f"the built-in rules do not load: {exc}", id="rules-do-not-load")]
    params = []
    for path in case_files():
        try:
            cases = load_case_file(path, rules)
        except CaseFileError as exc:
            params.append(pytest.param(None, str(exc), id=f"{path.relative_to(CASES_DIR)}:invalid"))
            continue
        params += [_param(case) for case in cases]
    return params + [_param(case) for case in example_cases(rules)]


def _param(case: PassageCase):
    marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []
    return pytest.param(case, None, marks=marks, id=case.id)


PARAMS = _collect()


@pytest.fixture(scope="module")
def rule_sets() -> dict[str, RuleSet]:
    rules = load_rules()
    return {name: rules.select(name) for name in STANDARDS}


def fold(text: str) -> str:
    return " ".join(text.split()).casefold()


@pytest.mark.parametrize("case, broken", PARAMS)
def test_passage_gets_its_grade(rule_sets, case: PassageCase | None, broken: str | None):
    if case is None:
        pytest.fail(broken, pytrace=False)
    check_case(case, rule_sets)


def _read_as_text(pages: tuple[str, ...]) -> Document:
    """The pages as the reader makes them of a text file: furniture stripped, hyphenated words joined."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "manual.txt"
        path.write_text("\f".join(pages), encoding="utf-8")
        return read_document(path, ReadOptions(ocr="never"))


def check_case(case: PassageCase, rule_sets: dict[str, RuleSet]) -> None:
    doc = _read_as_text(case.pages) if case.read else make_document(*case.pages, paginated=case.paginated)
    finding = {f.criterion: f for f in grade_document(doc, rule_sets[case.standard])}[case.rule]
    evidence = [f"{e.grade.value}: {e.quote} ({e.reason})" for e in finding.evidence]
    assert finding.grade is case.grade, (
        f"{case.rule}: expected {case.grade.value} ({case.why}), got {finding.grade.value}; {evidence}"
    )
    if case.grade.rank == 0:
        assert not [e for e in finding.evidence if e.grade.rank > 0], evidence
        return
    # The passage itself is quoted back as the headline evidence.
    assert finding.evidence, "a graded passage must carry evidence"
    headline = finding.evidence[0]
    assert headline.grade is case.grade, evidence
    page_texts = [p.text for p in doc.pages] if case.read else list(case.pages)
    assert quoted_from(headline.quote.split(" … ")[-1], page_texts), evidence
    if case.quote is not None:
        assert fold(case.quote) in fold(headline.quote), (
            f"{case.rule}: the headline quote lacks {case.quote!r}; {evidence}"
        )


def quoted_from(quote: str, pages: list[str]) -> bool:
    """The quote is the document's own text. A sentence that runs over a page break is quoted without
    what the page prints between its halves (a header, a rule above the footer)."""
    flat = [" ".join(page.split()) for page in pages]
    if quote in " ".join(flat):
        return True
    words = quote.split()
    return any(
        " ".join(words[:cut]) in flat[i] and " ".join(words[cut:]) in flat[i + 1]
        for cut in range(1, len(words))
        for i in range(len(flat) - 1)
    )


# --- The format itself -------------------------------------------------------------------------------


def test_there_are_case_files():
    assert len(case_files()) >= 10


@pytest.mark.parametrize("path", case_files(), ids=lambda p: str(p.relative_to(CASES_DIR)))
def test_case_file_sits_in_its_rules_family_folder(path: Path):
    """``tests/cases/<family>/<name>[.anything].yaml`` for rule ``<family>.<name>``: findable by its rule."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rule = data.get("rule", "") if isinstance(data, dict) else ""  # a broken file fails in the runner
    family, _, name = str(rule).partition(".")
    assert (path.parent.name, path.name.split(".")[0]) == (family, name), f"{path} holds the cases of {rule}"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "duty.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def builtin(rule_sets) -> RuleSet:
    return rule_sets["all"]


GOOD_CASE = "  - passage: Officers shall intervene.\n    grade: strong\n    why: shall\n"


def test_a_good_file_loads(tmp_path, builtin):
    path = _write(tmp_path, "rule: intervene.duty\ncases:\n" + GOOD_CASE + "    tags: [x]\n    quote: shall\n")
    (case,) = load_case_file(path, builtin)
    assert (case.rule, case.pages, case.grade, case.standard, case.tags) == (
        "intervene.duty",
        ("Officers shall intervene.",),
        Grade.STRONG,
        "core",
        ("x",),
    )
    assert case.id == "intervene.duty:duty.yaml:1:strong"


def test_pages_make_a_document_of_several_pages(tmp_path, builtin):
    path = _write(tmp_path, "rule: 8cw.warning\ncases:\n  - pages: [one, two]\n    grade: met\n    why: w\n")
    (case,) = load_case_file(path, builtin)
    assert (case.pages, case.standard) == (("one", "two"), "8cantwait")


@pytest.mark.parametrize(
    "text, message",
    [
        (GOOD_CASE + "    reason: x\n", "case 2: unknown key 'reason'"),
        ("  - passage: p\n    why: w\n", "case 2: missing key 'grade'"),
        ("  - passage: p\n    grade: strong\n", "case 2: missing key 'why'"),
        ("  - grade: strong\n    why: w\n", "case 2: give either 'passage'"),
        ("  - passage: p\n    pages: [p]\n    grade: strong\n    why: w\n", "case 2: give either 'passage'"),
        ("  - passage: p\n    grade: present\n    why: w\n", "case 2: key 'grade': 'present' is not a grade"),
        ("  - passage: p\n    grade: strong\n    why: w\n    standard: 8cantwait\n", "does not grade intervene.duty"),
        ("  - passage: p\n    grade: strong\n    why: w\n    standard: nope\n", "unknown rule set 'nope'"),
        ("  - passage: p\n    grade: strong\n    why: w\n    xfail: ''\n", "key 'xfail' must be a non-empty"),
        ("  - passage: p\n    grade: strong\n    why: w\n    tags: x\n", "key 'tags' must be a list"),
        ("  - passage: p\n    grade: absent\n    why: w\n    quote: p\n", "has no evidence to quote"),
    ],
)
def test_a_broken_case_names_the_file_and_the_case(tmp_path, builtin, text, message):
    path = _write(tmp_path, "rule: intervene.duty\ncases:\n" + GOOD_CASE + text)
    with pytest.raises(CaseFileError, match="duty.yaml") as exc:
        load_case_file(path, builtin)
    assert message in str(exc.value)


@pytest.mark.parametrize(
    "text, message",
    [
        ("cases:\n" + GOOD_CASE, "missing key 'rule'"),
        ("rule: intervene.duty\n", "missing key 'cases'"),
        ("rule: intervene.dutty\ncases:\n" + GOOD_CASE, "'intervene.dutty' is not a rule id"),
        ("rule: intervene.duty\nrules: x\ncases:\n" + GOOD_CASE, "unknown key 'rules'"),
        ("rule: intervene.duty\ncases: []\n", "'cases' must be a non-empty list"),
        ("rule: [\n", "not readable YAML"),
    ],
)
def test_a_broken_file_names_the_file(tmp_path, builtin, text, message):
    with pytest.raises(CaseFileError, match="duty.yaml") as exc:
        load_case_file(_write(tmp_path, text), builtin)
    assert message in str(exc.value)


def _case_of(rule: str, grade: Grade, *pages: str, quote: str | None = None) -> PassageCase:
    return PassageCase(rule, pages, grade, "w", "core", "t.yaml", 1, quote=quote)


def test_quote_is_matched_whitespace_folded_and_case_insensitive(rule_sets):
    passage = "Officers shall\n  INTERVENE when another officer uses excessive force."
    check_case(_case_of("intervene.duty", Grade.STRONG, passage, quote="shall intervene when"), rule_sets)
    with pytest.raises(AssertionError, match="the headline quote lacks 'shall report'"):
        check_case(_case_of("intervene.duty", Grade.STRONG, passage, quote="shall report"), rule_sets)


def test_pages_are_graded_as_one_document(rule_sets):
    """Evidence may sit on any page: the best of them is the headline."""
    pages = (
        "Officers should intervene when another officer uses excessive force.",
        "Vehicle care.",
        "Officers shall intervene when another officer uses excessive force.",
    )
    check_case(_case_of("intervene.duty", Grade.STRONG, *pages, quote="officers shall intervene"), rule_sets)
    with pytest.raises(AssertionError, match="expected weak"):
        check_case(_case_of("intervene.duty", Grade.WEAK, *pages), rule_sets)
