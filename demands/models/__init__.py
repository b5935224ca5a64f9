from demands.models.challenge import (
    Challenge,
    ChallengeApplication,
    ChallengeEvent,
    ChallengeExpert,
    ChallengeObjection,
    ChallengeQuestion,
    ChallengeScore,
)
from demands.models.demand import Demand, DemandAccess, DemandEvent, DemandResponse
from demands.models.matching import Match, MatchDismissal

__all__ = [
    "Challenge",
    "ChallengeApplication",
    "ChallengeEvent",
    "ChallengeExpert",
    "ChallengeObjection",
    "ChallengeQuestion",
    "ChallengeScore",
    "Demand",
    "DemandAccess",
    "DemandEvent",
    "DemandResponse",
    "Match",
    "MatchDismissal",
]
