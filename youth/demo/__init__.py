"""The youth part's demo: the "How my city works" curriculum in English and Spanish, and a
program run with it (participants, sessions, attendance, field reports, pre/post answers)."""

from .curriculum import load_demo_curriculum
from .program import load_demo_program
from .section import load_demo_section


def load_demo_youth():
    curriculum = load_demo_curriculum()
    load_demo_section(curriculum.get_parent() if curriculum else None)
    load_demo_program(curriculum)
