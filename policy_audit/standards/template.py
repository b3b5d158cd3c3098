"""The template `policy-audit standards new decree.yaml` writes: a commented profile to fill in."""

from __future__ import annotations

from policy_audit.rulebook import RuleSet

_TEMPLATE = """\
# A standards profile: one statute, policy or consent decree, paragraph by paragraph.
# Check a manual against it with:  policy-audit check manual.pdf --standard {filename}
# Keys are checked when the file is read; a wrong key, an unknown criterion or a bad value is refused
# with one line naming the key. Schema: schemas/standard.schema.json; guide: docs/standards.md.
id: {id}                       # what --standard and the reports call it; requirement ids start with it
title: "Consent decree (fill in the case name)"
jurisdiction: "City of ..."    # a state, a city, a court, a programme
citation: "Case No. ..., paragraphs ..."
effective: null                # YYYY, YYYY-MM or YYYY-MM-DD; null when unknown
superseded_by: ""              # what replaced or ended it, and when
source_url: ""
verified: false                # true only once every paragraph below was checked against the text
notes: >
  A document audit speaks to the policy tier only; training and practice are for the monitor.
requirements:
  # One entry per paragraph. `text` is what the paragraph requires in plain words (quote it only
  # from the signed text). `meets` lists every criterion the paragraph needs and the grade needed:
  # strong or weak (duties), present (elements), met (8 Can't Wait). A clause with a number or a
  # recipient can ask for a value: {{max: 24, unit: hours}}, {{in: [supervisor]}} (criteria that extract one).
  - id: {id}.p1
    citation: "Paragraph 1"
    text: Officers must intervene to stop another officer's excessive force, whatever that officer's rank
    verified: false
    meets:
      - {{criterion: intervene.duty, grade: strong}}
      - {{criterion: intervene.any_rank, grade: present, missing: "the policy does not apply the duty regardless of rank"}}
  - id: {id}.p2
    citation: "Paragraph 2"
    text: Officers must report excessive force by another officer to a supervisor, and are protected from retaliation
    verified: false
    meets:
      - {{criterion: intervene.report, grade: strong}}
      - {{criterion: intervene.no_retaliation, grade: present}}
  - id: {id}.p3
    citation: "Paragraph 3"
    text: After force, officers must render or obtain medical aid promptly
    verified: false
    meets:
      - {{criterion: medical.aid, grade: strong}}
      - {{criterion: medical.timing, grade: present, missing: "the policy sets no time for aid"}}

# The criteria you can name (policy-audit rules; policy-audit explain <id> for what each needs):
{criteria}
"""


def profile_template(profile_id: str, rules: RuleSet) -> str:
    criteria = "\n".join(f"#   {r.id:<32} {r.scale.value:<10} {r.title}" for r in rules)
    return _TEMPLATE.format(id=profile_id, filename=f"{profile_id}.yaml", criteria=criteria)
