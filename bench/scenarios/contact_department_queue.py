"""A department's queue (``reports_department_queue``): the department with the most open
reports among 20,000 (``bench/contact_center.py``), a third of them assigned to its crew,
as the demo staff user. Paginated, with counts per tab: flat queries, whatever the volume.
"""

from bench import contact_center

NAME = "contact-department-queue"
VOLUME = contact_center.VOLUME


def seed(volume):
    contact_center.seed(volume)


def user():
    return contact_center.staff()


def requests():
    department = contact_center.busiest_department()
    return [contact_center.admin_url("reports_department_queue", department.pk)]


def check(response):
    html = response.content.decode()
    listed = html.count("Z9")  # the seeded reports' references start with Z9
    assert listed > 0, "No report of the queue is listed."
    return f"{listed} references on the page"
