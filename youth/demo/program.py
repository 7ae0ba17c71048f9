"""The demo program (written by the results slice)."""


def load_demo_program(curriculum):
    return None
