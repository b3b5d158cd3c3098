"""``evaluate --format json``: the evaluation's figures, disagreements and evidence misses.

Text from documents and labels is carried verbatim (consumers escape it for their own context);
ASCII only, as in the check and scan JSON, so the bytes survive any terminal encoding.
"""

from __future__ import annotations

import json

from policy_audit.evaluate import Evaluation
from policy_audit.report.evaluation import EvaluationFormatter


class EvaluationJsonFormatter(EvaluationFormatter):
    def render_evaluation(self, evaluation: Evaluation) -> str:
        return json.dumps(evaluation.to_dict(), indent=2, ensure_ascii=True)
