"""Deterministic, plausible civic text for seeded pages (no external data, no Faker)."""

import random

NEIGHBORHOODS = [
    "Kensington", "Germantown", "Center City", "Fishtown", "Point Breeze", "Mount Airy",
    "Roxborough", "Fairmount", "Port Richmond", "Olney", "Strawberry Mansion", "Manayunk",
    "Frankford", "Tacony", "Passyunk", "Chinatown", "Brewerytown", "Nicetown",
]  # fmt: skip

SUBJECTS = [
    "park", "dog park", "playground", "library", "recreation center", "bike lane", "bus route",
    "crosswalk", "street lighting", "tree canopy", "stormwater", "trash pickup",
    "recycling", "school zone", "speed cushion", "mural", "community garden", "pool",
    "senior center", "sidewalk repair", "vacant lot", "food pantry", "farmers market",
    "youth league", "transit shelter", "noise ordinance", "snow removal", "pothole",
]  # fmt: skip

ACTIONS = [
    "Update on", "Public meeting about", "Survey results for", "Next steps for",
    "Budget hearing on", "Volunteer day at", "Design options for", "Questions about",
    "What we heard about", "Construction schedule for", "Proposal to improve",
]  # fmt: skip

STATUSES = ["open", "closed", "on schedule", "under review", "being redesigned", "delayed"]

# Weighted so a few words are common (like real prose) and most are rare.
COMMON_WORDS = ["community", "residents", "city", "neighborhood", "plan", "meeting"]
WORDS = [
    "budget", "council", "district", "survey", "feedback", "proposal", "vote", "repair",
    "funding", "schedule", "permit", "contractor", "hearing", "department", "safety",
    "traffic", "curbside", "lighting", "drainage", "flooding", "heat", "shade", "benches",
    "accessible", "ramp", "curb", "intersection", "signal", "youth", "seniors", "families",
    "volunteers", "cleanup", "graffiti", "dumping", "litter", "maintenance", "inspection",
    "grant", "partnership", "nonprofit", "workshop", "translation", "outreach", "deadline",
    "timeline", "phase", "completed", "delayed", "approved", "draft", "comments", "map",
    "block", "corner", "avenue", "bridge", "trail", "river", "greenway", "housing",
    "rent", "tax", "zoning", "variance", "transit", "route", "stop", "frequency",
]  # fmt: skip


def sentence(rng, length=None):
    length = length or rng.randint(8, 16)
    words = []
    for _ in range(length):
        if rng.random() < 0.18:
            words.append(rng.choice(COMMON_WORDS))
        else:
            words.append(rng.choice(WORDS))
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def paragraph(rng, sentences=None):
    return " ".join(sentence(rng) for _ in range(sentences or rng.randint(2, 5)))


def topic(rng):
    """(neighborhood, subject): what one page is about."""
    return rng.choice(NEIGHBORHOODS), rng.choice(SUBJECTS)


def title(rng, about=None):
    neighborhood, subject = about or topic(rng)
    return f"{rng.choice(ACTIONS)} the {neighborhood} {subject}"


def topical_paragraph(rng, about):
    """A paragraph that names its topic once, as real pages do."""
    neighborhood, subject = about
    return f"The {subject} in {neighborhood} is {rng.choice(STATUSES)}. {paragraph(rng)}"


def make_rng(seed):
    return random.Random(seed)
