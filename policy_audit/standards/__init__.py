"""Standards profiles: statutes, national policies and decrees as data, graded requirement by requirement.

``profiles`` reads and checks profile files; ``grading`` turns an audit's findings into requirement
results (met / partly / not_met); ``selection`` resolves --standard values into what is audited and
shown; ``template`` writes a new profile for a user to fill in.
"""

from policy_audit.standards.grading import (
    REQUIREMENT_SCALE,
    NeedResult,
    ProfileResult,
    RequirementGrade,
    RequirementResult,
    grade_need,
    grade_profile,
    grade_profiles,
    grade_requirement,
)
from policy_audit.standards.profiles import (
    Need,
    Profile,
    Requirement,
    ValueCondition,
    builtin_profile_ids,
    builtin_standards_dir,
    load_builtin_profiles,
    load_profile,
    load_profiles,
    parse_profile,
    read_profile_data,
)
from policy_audit.standards.selection import Selection, select_standards

__all__ = [
    "REQUIREMENT_SCALE",
    "Need",
    "NeedResult",
    "Profile",
    "ProfileResult",
    "Requirement",
    "RequirementGrade",
    "RequirementResult",
    "Selection",
    "ValueCondition",
    "builtin_profile_ids",
    "builtin_standards_dir",
    "grade_need",
    "grade_profile",
    "grade_profiles",
    "grade_requirement",
    "load_builtin_profiles",
    "load_profile",
    "load_profiles",
    "parse_profile",
    "read_profile_data",
    "select_standards",
]
