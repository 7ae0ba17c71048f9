"""Demo content of this job, loaded by engage.reports.demo.load_demo_reports."""


def load_demo():
    return None
